import { IfaError } from '@ifa/core';

/** One entry per unreadable file, with the reason it was rejected. */
export interface InvalidFile {
  path: string;
  reason: string;
}

/**
 * Thrown once, after every file has been tried, so the caller sees all bad files at the same time
 * instead of fixing them one run at a time. Pass `onInvalid: 'skip'` to load the good ones anyway.
 */
export class InvalidAudioFilesError extends IfaError {
  static readonly code = 'IFA_INVALID_AUDIO_FILES';
  override readonly name = 'InvalidAudioFilesError';

  constructor(readonly files: readonly InvalidFile[]) {
    const shown = files.slice(0, 10).map((f) => `  ${f.path}: ${f.reason}`);
    const more = files.length > 10 ? [`  ... and ${files.length - 10} more`] : [];
    super(
      InvalidAudioFilesError.code,
      [
        `${files.length} audio file(s) could not be read:`,
        ...shown,
        ...more,
        `Remove or re-download them, or pass onInvalid: 'skip' to load the rest.`,
      ].join('\n'),
    );
  }

  static override isInstance(error: unknown): error is InvalidAudioFilesError {
    return IfaError.hasCode(error, InvalidAudioFilesError.code);
  }
}
