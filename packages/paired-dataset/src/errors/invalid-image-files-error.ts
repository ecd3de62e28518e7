import { IfaError } from '@ifa/core';
import type { InvalidFile } from './invalid-audio-files-error';

/** Every image in a folder that could not be decoded, reported at once. */
export class InvalidImageFilesError extends IfaError {
  static readonly code = 'IFA_INVALID_IMAGE_FILES';
  override readonly name = 'InvalidImageFilesError';

  constructor(readonly files: readonly InvalidFile[]) {
    const shown = files.slice(0, 10).map((f) => `  ${f.path}: ${f.reason}`);
    const more = files.length > 10 ? [`  ... and ${files.length - 10} more`] : [];
    super(
      InvalidImageFilesError.code,
      [
        `${files.length} image file(s) could not be decoded (PNG and JPEG are supported):`,
        ...shown,
        ...more,
        `Remove or convert them, or pass onInvalid: 'skip' to load the rest.`,
      ].join('\n'),
    );
  }

  static override isInstance(error: unknown): error is InvalidImageFilesError {
    return IfaError.hasCode(error, InvalidImageFilesError.code);
  }
}
