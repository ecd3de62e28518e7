import { IfaError } from '@ifa/core';

/** A model config (preset name or override object) that cannot produce a working architecture. */
export class InvalidConfigError extends IfaError {
  static readonly code = 'IFA_INVALID_CONFIG';
  override readonly name = 'InvalidConfigError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(InvalidConfigError.code, message, options);
  }

  static override isInstance(error: unknown): error is InvalidConfigError {
    return IfaError.hasCode(error, InvalidConfigError.code);
  }
}
