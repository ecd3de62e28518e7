import { IfaError } from '@ifa/core';

/**
 * The bytes are not a WAV file this package can decode: truncated, a wrong magic, a chunk or `data` size
 * larger than the file, zero channels, an unsupported codec or an absurd header value. The message names
 * the problem; `source` names the file when it is known.
 */
export class WavFormatError extends IfaError {
  static readonly code = 'IFA_WAV_FORMAT';
  override readonly name = 'WavFormatError';
  readonly source: string | undefined;

  constructor(message: string, options?: { source?: string; cause?: unknown }) {
    const source = options?.source;
    super(WavFormatError.code, source === undefined ? message : `${source}: ${message}`, options);
    this.source = source;
  }

  static override isInstance(error: unknown): error is WavFormatError {
    return IfaError.hasCode(error, WavFormatError.code);
  }
}
