import { IfaError } from '@ifa/core';

/** Some audio has a label (or class) for which the image set holds no image, so it cannot be paired. */
export class UnpairableLabelError extends IfaError {
  static readonly code = 'IFA_UNPAIRABLE_LABEL';
  override readonly name = 'UnpairableLabelError';

  constructor(readonly labels: readonly (number | string)[]) {
    super(
      UnpairableLabelError.code,
      `No image carries label(s) ${labels.join(', ')}, which the audio uses. Add images of those classes, ` +
        'or drop that audio before pairing.',
    );
  }

  static override isInstance(error: unknown): error is UnpairableLabelError {
    return IfaError.hasCode(error, UnpairableLabelError.code);
  }
}
