import { AudioFeaturesError } from './audio-features-error';

/** The signal itself cannot be processed, e.g. it holds NaN or infinite samples. */
export class InvalidSignalError extends AudioFeaturesError {
  override name = 'InvalidSignalError';
}
