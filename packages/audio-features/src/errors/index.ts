export { IfaError, InvalidOptionError } from '@ifa/core';
export { AudioFileError, type AudioFileProblem } from './audio-file-error';
export { AudioTooLongError } from './audio-too-long-error';
export { EmptyAudioError } from './empty-audio-error';
export { InvalidSignalError } from './invalid-signal-error';
export { SilentAudioError } from './silent-audio-error';
export { WavFormatError } from './wav-format-error';
