export { IfaError, InvalidOptionError } from '@ifa/core';
export { InvalidSignalError } from './invalid-signal-error';
export { WavFormatError } from './wav-format-error';
