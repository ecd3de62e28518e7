import { IfaError } from '@ifa/core';

/** A tensor passed to `generate` or a training objective has the wrong rank, shape or batch size. */
export class InvalidInputError extends IfaError {
  static readonly code = 'IFA_INVALID_INPUT';
  override readonly name = 'InvalidInputError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(InvalidInputError.code, message, options);
  }

  static override isInstance(error: unknown): error is InvalidInputError {
    return IfaError.hasCode(error, InvalidInputError.code);
  }
}
