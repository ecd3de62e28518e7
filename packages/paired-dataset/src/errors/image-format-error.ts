import { PairedDatasetError } from './paired-dataset-error';

/** An image file could not be decoded (not PNG/JPEG, or damaged). */
export class ImageFormatError extends PairedDatasetError {
  override readonly name = 'ImageFormatError';

  constructor(
    readonly path: string,
    problem: string,
    options?: { cause?: unknown },
  ) {
    super(`Cannot decode image ${path}: ${problem}. Only PNG and JPEG are supported.`, options);
  }
}
