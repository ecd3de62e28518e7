import { IfaError } from '@ifa/core';
import { prefixed } from './prefixed';

/**
 * The audio is digital silence: every sample is below the encoder's silence threshold, or its loudest
 * spectrogram cell is at or below the dB floor, so the image would be all zeros and a model would be
 * asked to draw from nothing. Pass `allowSilence: true` to the encoder to get the all-zero image instead.
 */
export class SilentAudioError extends IfaError {
  static readonly code = 'IFA_SILENT_AUDIO';
  override readonly name = 'SilentAudioError';
  readonly source: string | undefined;
  /** Largest absolute sample value (after mixing the channels). */
  readonly peak: number;

  constructor(detail: string, peak: number, options?: { source?: string; cause?: unknown }) {
    super(
      SilentAudioError.code,
      prefixed(
        options?.source,
        `the audio is silent (${detail}), so its spectrogram would be all zeros. Check the recording ` +
          '(muted input, wrong channel, a file of zeros); to encode silence anyway pass { allowSilence: true }.',
      ),
      options,
    );
    this.source = options?.source;
    this.peak = peak;
  }

  static override isInstance(error: unknown): error is SilentAudioError {
    return IfaError.hasCode(error, SilentAudioError.code);
  }
}
