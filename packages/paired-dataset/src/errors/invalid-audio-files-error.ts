import { IfaError } from '@ifa/core';

/** One entry per unreadable file, with the reason it was rejected. */
export interface InvalidFile {
  path: string;
  reason: string;
}

/** `3 audio files could not be read: a.wav (reason); b.wav (reason) and 1 more.` (first few named). */
export function describeInvalidFiles(files: readonly InvalidFile[], noun: string, verb: string): string {
  const shown = files.slice(0, 3).map((f) => `${f.path} (${oneLine(f.reason)})`);
  const more = files.length > shown.length ? ` and ${files.length - shown.length} more` : '';
  return `${files.length} ${noun}${files.length === 1 ? '' : 's'} could not be ${verb}: ${shown.join('; ')}${more}.`;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/**
 * Thrown once, after every file has been tried, so the caller sees all bad files at the same time
 * instead of fixing them one run at a time. The one-line message names the first three and the count
 * (`files` holds them all). Pass `onInvalid: 'skip'` to load the good ones anyway (`--on-invalid skip`
 * on the command line).
 */
export class InvalidAudioFilesError extends IfaError {
  static readonly code = 'IFA_INVALID_AUDIO_FILES';
  override readonly name = 'InvalidAudioFilesError';
  /** The message without the advice: how many files, and the first few with their reasons. */
  readonly summary: string;

  constructor(readonly files: readonly InvalidFile[]) {
    const summary = describeInvalidFiles(files, 'audio file', 'read');
    super(
      InvalidAudioFilesError.code,
      `${summary} Remove or re-download them, or pass onInvalid: 'skip' to load the rest.`,
    );
    this.summary = summary;
  }

  static override isInstance(error: unknown): error is InvalidAudioFilesError {
    return IfaError.hasCode(error, InvalidAudioFilesError.code);
  }
}
