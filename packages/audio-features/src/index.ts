export { toMono } from './channels';
export { IfaError, InvalidOptionError, InvalidSignalError, WavFormatError } from './errors';
export {
  hzToMel,
  type MelFilterBankOptions,
  type MelNorm,
  melFilterBank,
  melFrequencies,
  melToHz,
} from './mel';
export {
  type MelSpectrogramOptions,
  melSpectrogram,
  type ResolvedMelSpectrogramOptions,
  type Spectrogram,
} from './mel-spectrogram';
export { type PowerToDbOptions, powerToDb } from './power-to-db';
export { resample } from './resample';
export {
  DEFAULT_SPECTROGRAM_ENCODER_CONFIG,
  type FitMode,
  SpectrogramEncoder,
  type SpectrogramEncoderConfig,
  type SpectrogramImage,
} from './spectrogram-encoder';
export type { PadMode } from './stft';
export { type DecodedAudio, decodeWav } from './wav';
export { encodeWav } from './wav/encode';
export { getWindow, type WindowName, type WindowSpec } from './windows';
