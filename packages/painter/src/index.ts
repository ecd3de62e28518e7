/**
 * @ifa/painter: one call from audio to image. `loadPainter(source)` picks a tfjs backend, loads a trained
 * @ifa model (folder, URL, or a pretrained package such as @ifa/pretrained-digits) with the preprocessing
 * stored beside its weights, and returns a painter whose `fromWav` / `fromSamples` give pixels. Runs in
 * Node and browsers; `@ifa/painter/node` adds `toPng`.
 */
export { IfaError, InvalidOptionError } from '@ifa/core';
export { type HeardCondition, MissingPreprocessingError } from '@ifa/models';
export { toRgba } from './image';
export {
  createPainter,
  type LoadPainterOptions,
  loadPainter,
  MAX_COUNT,
  type Painter,
  type PainterImage,
  type PaintManyOptions,
  type PaintOptions,
  type VoiceProfile,
  type WavBytes,
} from './painter';
