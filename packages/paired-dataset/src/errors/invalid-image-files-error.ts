import type { InvalidFile } from './invalid-audio-files-error';
import { PairedDatasetError } from './paired-dataset-error';

/** Every image in a folder that could not be decoded, reported at once. */
export class InvalidImageFilesError extends PairedDatasetError {
  override readonly name = 'InvalidImageFilesError';

  constructor(readonly files: readonly InvalidFile[]) {
    const shown = files.slice(0, 10).map((f) => `  ${f.path}: ${f.reason}`);
    const more = files.length > 10 ? [`  ... and ${files.length - 10} more`] : [];
    super(
      [
        `${files.length} image file(s) could not be decoded (PNG and JPEG are supported):`,
        ...shown,
        ...more,
        `Remove or convert them, or pass onInvalid: 'skip' to load the rest.`,
      ].join('\n'),
    );
  }
}
