import { IfaError } from './ifa-error';

export interface InvalidOptionDetails {
  /** The option as the caller spelt it, e.g. `nFft`, `--epochs`. */
  option: string;
  /** The value that was given. */
  value: unknown;
  /** What would have been accepted, e.g. `a positive integer`. */
  expected: string;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value == null) return String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * An option has a value that cannot be used. One class for every @ifa package; the message names the
 * option, the value given and what is expected.
 */
export class InvalidOptionError extends IfaError {
  static readonly code = 'IFA_INVALID_OPTION';
  override readonly name = 'InvalidOptionError';
  readonly option: string;
  readonly value: unknown;
  readonly expected: string;

  constructor(details: InvalidOptionDetails, options?: { cause?: unknown; hint?: string }) {
    const hint = options?.hint === undefined ? '' : ` ${options.hint}`;
    super(
      InvalidOptionError.code,
      `Invalid ${details.option}: ${describe(details.value)}. Expected ${details.expected}.${hint}`,
      options,
    );
    this.option = details.option;
    this.value = details.value;
    this.expected = details.expected;
  }

  static override isInstance(error: unknown): error is InvalidOptionError {
    return IfaError.hasCode(error, InvalidOptionError.code);
  }
}
