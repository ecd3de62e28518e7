import { IfaError } from '@ifa/core';

/**
 * A model folder whose files are missing, unparsable, truncated, or whose weights do not match the
 * architecture. Re-save the model; a partial copy or an interrupted download is the usual cause.
 */
export class CorruptModelError extends IfaError {
  static readonly code = 'IFA_CORRUPT_MODEL';
  override readonly name = 'CorruptModelError';

  constructor(
    message: string,
    readonly source: string,
    options?: { cause?: unknown },
  ) {
    super(CorruptModelError.code, `${source}: ${message}`, options);
  }

  static override isInstance(error: unknown): error is CorruptModelError {
    return IfaError.hasCode(error, CorruptModelError.code);
  }
}
