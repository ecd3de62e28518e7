import { PairedDatasetError } from './paired-dataset-error';

/** Some audio has a label (or class) for which the image set holds no image, so it cannot be paired. */
export class UnpairableLabelError extends PairedDatasetError {
  override readonly name = 'UnpairableLabelError';

  constructor(readonly labels: readonly (number | string)[]) {
    super(
      `No image carries label(s) ${labels.join(', ')}, which the audio uses. Add images of those classes, ` +
        'or drop that audio before pairing.',
    );
  }
}
