/**
 * Marks every @ifa error. `Symbol.for` gives the same symbol in every copy of this package, so
 * {@link IfaError.isInstance} still works when a project ends up with two installs of @ifa/core (where
 * `instanceof` would say no).
 */
const MARKER = Symbol.for('@ifa/core.error');

export interface IfaErrorOptions {
  cause?: unknown;
}

/**
 * The one base class of every error an @ifa package throws on purpose. `code` is stable across releases
 * (switch on it, not on the message); `name` is the subclass name for logs. Catch `IfaError` to tell
 * "our input or data is wrong, and the message says how to fix it" apart from bugs.
 */
export class IfaError extends Error {
  override readonly name: string = 'IfaError';
  /** Stable machine-readable code, e.g. `IFA_WAV_FORMAT`. */
  readonly code: string;

  constructor(code: string, message: string, options?: IfaErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    // Non-enumerable, so logging or serialising an error does not show it.
    Object.defineProperty(this, MARKER, { value: true });
  }

  /** True for any @ifa error, from this copy of @ifa/core or another. */
  static isInstance(error: unknown): error is IfaError {
    return error != null && typeof error === 'object' && MARKER in error;
  }

  /** True when `error` is an @ifa error with this stable code (subclasses' `isInstance` use it). */
  static hasCode(error: unknown, code: string): error is IfaError {
    return IfaError.isInstance(error) && error.code === code;
  }
}
