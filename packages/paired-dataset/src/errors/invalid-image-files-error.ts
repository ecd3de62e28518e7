import { IfaError } from '@ifa/core';
import { describeInvalidFiles, type InvalidFile } from './invalid-audio-files-error';

/** Every image in a folder that could not be decoded, reported at once. */
export class InvalidImageFilesError extends IfaError {
  static readonly code = 'IFA_INVALID_IMAGE_FILES';
  override readonly name = 'InvalidImageFilesError';

  /** The message without the advice: how many files, and the first few with their reasons. */
  readonly summary: string;

  constructor(readonly files: readonly InvalidFile[]) {
    const summary = describeInvalidFiles(files, 'image file', 'decoded');
    super(
      InvalidImageFilesError.code,
      `${summary} Remove or convert them (PNG and JPEG are supported), or pass onInvalid: 'skip' to load the rest.`,
    );
    this.summary = summary;
  }

  static override isInstance(error: unknown): error is InvalidImageFilesError {
    return IfaError.hasCode(error, InvalidImageFilesError.code);
  }
}
