import { IfaError } from '@ifa/core';

/** The signal itself cannot be processed, e.g. it holds NaN or infinite samples. */
export class InvalidSignalError extends IfaError {
  static readonly code = 'IFA_INVALID_SIGNAL';
  override readonly name = 'InvalidSignalError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(InvalidSignalError.code, message, options);
  }

  static override isInstance(error: unknown): error is InvalidSignalError {
    return IfaError.hasCode(error, InvalidSignalError.code);
  }
}
