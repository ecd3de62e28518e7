import { IfaError } from '@ifa/core';

/**
 * A `preprocessing` record (in `ifa-model.json`, given to `saveModel`, or the older `metadata.encoder`) is
 * malformed: a field is missing, has the wrong type, or the encoder rejects its value. `field` is the
 * dotted path of the offending field (e.g. `preprocessing.encoder.nMels`), `source` the model folder or URL.
 */
export class InvalidPreprocessingError extends IfaError {
  static readonly code = 'IFA_INVALID_PREPROCESSING';
  override readonly name = 'InvalidPreprocessingError';

  constructor(
    readonly source: string,
    readonly field: string,
    readonly problem: string,
    options?: { cause?: unknown },
  ) {
    super(InvalidPreprocessingError.code, `${source}: ${field} ${problem}`, options);
  }

  static override isInstance(error: unknown): error is InvalidPreprocessingError {
    return IfaError.hasCode(error, InvalidPreprocessingError.code);
  }
}
