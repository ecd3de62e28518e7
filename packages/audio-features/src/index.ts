/**
 * @ifa/audio-features: WAV decoding, resampling, mel spectrograms and the fixed-size
 * `SpectrogramEncoder`, in pure TypeScript (no Node built-ins; file helpers are in
 * `@ifa/audio-features/node`). The filter-bank, window and WAV-writing building blocks are private.
 */
export {
  type BandStatistics,
  bandStatistics,
  normaliseBands,
  normaliseBandsByGroup,
  type SpectrogramStack,
} from './band-statistics';
export { toMono } from './channels';
export {
  AudioFileError,
  type AudioFileProblem,
  AudioTooLongError,
  EmptyAudioError,
  IfaError,
  InvalidOptionError,
  InvalidSignalError,
  SilentAudioError,
  WavFormatError,
} from './errors';
export type { FftBackend, MelFramesJob } from './fft';
export { loadWasmFft } from './fft/wasm';
export type { MelNorm } from './mel';
export {
  type MelSpectrogramOptions,
  melSpectrogram,
  type Spectrogram,
} from './mel-spectrogram';
export { type PowerToDbOptions, powerToDb, type ResolvedPowerToDb } from './power-to-db';
export { resample } from './resample';
export {
  cropWindows,
  DEFAULT_MAX_DURATION_SECONDS,
  DEFAULT_SPECTROGRAM_ENCODER_CONFIG,
  type EncodeOptions,
  type EncoderLimits,
  type EncoderRuntime,
  type FitMode,
  GENERAL_SOUND_ENCODER_CONFIG,
  SILENCE_PEAK,
  SpectrogramEncoder,
  type SpectrogramEncoderConfig,
  type SpectrogramImage,
  type WindowOptions,
  windowStarts,
} from './spectrogram-encoder';
export type { PadMode } from './stft';
export { type DecodedAudio, decodeWav } from './wav';
export type { WindowName, WindowSpec } from './windows';
