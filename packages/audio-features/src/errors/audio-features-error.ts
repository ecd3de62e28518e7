/** Base class of every error thrown on purpose by `@ifa/audio-features`; catch this to catch them all. */
export class AudioFeaturesError extends Error {
  override name = 'AudioFeaturesError';
}
