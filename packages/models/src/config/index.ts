export {
  CGAN_PRESETS,
  CVAE_PRESETS,
  IMAGE_64_RGB,
  VAEGAN_PRESETS,
  WGAN_ORIGINAL_MNIST_64,
  WGAN_PRESETS,
} from './presets';
export { convOutputSize, IMAGE_CHANNELS, IMAGE_SIZES, resolveConfig } from './resolve-config';
export type {
  AudioClassifierLayout,
  CganConfig,
  ConfigByKind,
  ConfigInput,
  CvaeConditioning,
  CvaeConfig,
  ImageShapeConfig,
  ModelKind,
  PresetName,
  VaeDecoderKind,
  VaeganConditioning,
  VaeganConfig,
  WganConfig,
} from './types';
export { PRESET_NAMES } from './types';
