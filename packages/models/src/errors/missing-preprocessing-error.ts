import { IfaError } from '@ifa/core';

/**
 * The model folder does not say how audio becomes its input: its `ifa-model.json` has no `preprocessing`
 * record (nor the older `metadata.encoder`), and the caller needs one (`loadModel(..., { requirePreprocessing:
 * true })`, `loadPainter`). Re-save the model with `saveModel(model, dir, { preprocessing })`, or pass the
 * encoder config the model was trained with.
 */
export class MissingPreprocessingError extends IfaError {
  static readonly code = 'IFA_MISSING_PREPROCESSING';
  override readonly name = 'MissingPreprocessingError';

  constructor(readonly source: string) {
    super(
      MissingPreprocessingError.code,
      `${source}: the model has no "preprocessing" record (nor "metadata.encoder"), so it is unknown how ` +
        'audio must be encoded for it. Re-save it with saveModel(model, dir, { preprocessing: { version: 1, ' +
        'encoder } }) using the SpectrogramEncoder config it was trained with, or pass that config yourself.',
    );
  }

  static override isInstance(error: unknown): error is MissingPreprocessingError {
    return IfaError.hasCode(error, MissingPreprocessingError.code);
  }
}
