/**
 * Base class of every error this package throws on purpose, so callers can tell "the data is bad or
 * missing" apart from programming errors with one `instanceof` check.
 */
export class PairedDatasetError extends Error {
  override readonly name: string = 'PairedDatasetError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
