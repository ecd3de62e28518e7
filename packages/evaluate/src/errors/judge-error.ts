import { IfaError } from '@ifa/core';

/** The digit judge could not be trained or loaded (bad cache entry, no data); the message says how to fix it. */
export class JudgeError extends IfaError {
  static readonly code = 'IFA_JUDGE';
  override readonly name = 'JudgeError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(JudgeError.code, message, options);
  }

  static override isInstance(error: unknown): error is JudgeError {
    return IfaError.hasCode(error, JudgeError.code);
  }
}
