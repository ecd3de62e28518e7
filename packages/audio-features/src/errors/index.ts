export { AudioFeaturesError } from './audio-features-error';
export { InvalidOptionError } from './invalid-option-error';
export { InvalidSignalError } from './invalid-signal-error';
export { WavFormatError } from './wav-format-error';
