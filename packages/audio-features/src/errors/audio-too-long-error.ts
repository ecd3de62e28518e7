import { IfaError } from '@ifa/core';
import { prefixed } from './prefixed';

/**
 * The clip (after trimming silence at both ends) is longer than the encoder's `maxDurationSeconds`: its
 * fixed number of columns would each average too much time for the picture to mean anything. The message
 * gives the duration, the limit and how to raise it.
 */
export class AudioTooLongError extends IfaError {
  static readonly code = 'IFA_AUDIO_TOO_LONG';
  override readonly name = 'AudioTooLongError';
  readonly source: string | undefined;
  readonly durationSeconds: number;
  readonly maxDurationSeconds: number;

  constructor(
    details: { durationSeconds: number; maxDurationSeconds: number; columns: number },
    options?: { source?: string; cause?: unknown },
  ) {
    const { durationSeconds, maxDurationSeconds, columns } = details;
    const suggested = Math.ceil(durationSeconds);
    super(
      AudioTooLongError.code,
      prefixed(
        options?.source,
        `${durationSeconds.toFixed(1)} s of sound is longer than this encoder's limit of ` +
          `${maxDurationSeconds} s (each of its ${columns} columns would average ` +
          `${(durationSeconds / columns).toFixed(2)} s). Cut the clip to the sound you want pictured, or raise ` +
          `the limit: new SpectrogramEncoder(config, { maxDurationSeconds: ${suggested} }) or ` +
          `encode(audio, rate, { maxDurationSeconds: ${suggested} }) (null turns the check off).`,
      ),
      options,
    );
    this.source = options?.source;
    this.durationSeconds = durationSeconds;
    this.maxDurationSeconds = maxDurationSeconds;
  }

  static override isInstance(error: unknown): error is AudioTooLongError {
    return IfaError.hasCode(error, AudioTooLongError.code);
  }
}
