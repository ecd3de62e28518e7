import { AudioFeaturesError } from './audio-features-error';

/**
 * The bytes are not a WAV file this package can decode: truncated, a wrong magic, a chunk or `data` size
 * larger than the file, zero channels, an unsupported codec or an absurd header value. The message names
 * the problem; `source` names the file when it is known.
 */
export class WavFormatError extends AudioFeaturesError {
  override name = 'WavFormatError';
  readonly source: string | undefined;

  constructor(message: string, options?: { source?: string; cause?: unknown }) {
    const source = options?.source;
    super(
      source === undefined ? message : `${source}: ${message}`,
      options?.cause === undefined ? undefined : { cause: options.cause },
    );
    this.source = source;
  }
}
