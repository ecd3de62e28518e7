import { AudioFeaturesError } from './audio-features-error';

/** An option is out of range or of the wrong kind; the message names the option, the value and the fix. */
export class InvalidOptionError extends AudioFeaturesError {
  override name = 'InvalidOptionError';
}
