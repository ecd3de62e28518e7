import { IfaError } from '@ifa/core';

/** Why {@link AudioFileError} was thrown. */
export type AudioFileProblem = 'not-found' | 'is-directory' | 'permission-denied' | 'unreadable';

const ADVICE: Record<AudioFileProblem, string> = {
  'not-found': 'no such file; check the path (a relative path is resolved from the current directory).',
  'is-directory': 'is a folder, not an audio file; pass one .wav file inside it.',
  'permission-denied': 'permission denied; make the file readable for this user.',
  unreadable: 'could not be read',
};

/**
 * `readAudioFile(path)` could not read the file at all: it does not exist, is a folder, or is not
 * readable. `path` is the path as given; `problem` says which; `cause` is the file-system error.
 */
export class AudioFileError extends IfaError {
  static readonly code = 'IFA_AUDIO_FILE';
  override readonly name = 'AudioFileError';
  readonly path: string;
  readonly problem: AudioFileProblem;

  constructor(path: string, problem: AudioFileProblem, options?: { cause?: unknown }) {
    const detail =
      problem === 'unreadable'
        ? `${ADVICE.unreadable}: ${(options?.cause as Error | undefined)?.message ?? 'unknown error'}.`
        : ADVICE[problem];
    super(AudioFileError.code, `${path}: ${detail}`, options);
    this.path = path;
    this.problem = problem;
  }

  static override isInstance(error: unknown): error is AudioFileError {
    return IfaError.hasCode(error, AudioFileError.code);
  }
}
