import { IfaError } from '@ifa/core';
import { prefixed } from './prefixed';

/**
 * The audio has no samples at all (e.g. a WAV whose `data` chunk is empty), so there is nothing to encode.
 * `source` names the file or record when it is known.
 */
export class EmptyAudioError extends IfaError {
  static readonly code = 'IFA_EMPTY_AUDIO';
  override readonly name = 'EmptyAudioError';
  readonly source: string | undefined;

  constructor(options?: { source?: string; cause?: unknown }) {
    super(
      EmptyAudioError.code,
      prefixed(
        options?.source,
        'the audio has 0 samples, so there is nothing to encode; record or export the clip again.',
      ),
      options,
    );
    this.source = options?.source;
  }

  static override isInstance(error: unknown): error is EmptyAudioError {
    return IfaError.hasCode(error, EmptyAudioError.code);
  }
}
