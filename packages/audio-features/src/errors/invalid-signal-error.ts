import { IfaError } from '@ifa/core';
import { prefixed } from './prefixed';

/** The signal itself cannot be processed, e.g. it holds NaN or infinite samples. */
export class InvalidSignalError extends IfaError {
  static readonly code = 'IFA_INVALID_SIGNAL';
  override readonly name = 'InvalidSignalError';
  /** The file or record, when known. */
  readonly source: string | undefined;

  constructor(message: string, options?: { source?: string; cause?: unknown }) {
    super(InvalidSignalError.code, prefixed(options?.source, message), options);
    this.source = options?.source;
  }

  static override isInstance(error: unknown): error is InvalidSignalError {
    return IfaError.hasCode(error, InvalidSignalError.code);
  }
}
