/** Base class of every error @ifa/train throws on purpose, so callers can tell ours from bugs. */
export class IfaTrainError extends Error {
  override readonly name: string = 'IfaTrainError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
