export { CGAN_PRESETS, CVAE_PRESETS, VAEGAN_PRESETS, WGAN_ORIGINAL_MNIST_64, WGAN_PRESETS } from './presets';
export { convOutputSize, resolveConfig } from './resolve-config';
export type {
  CganConfig,
  ConfigByKind,
  ConfigInput,
  CvaeConditioning,
  CvaeConfig,
  ImageShapeConfig,
  ModelKind,
  PresetName,
  VaeDecoderKind,
  VaeganConfig,
  WganConfig,
} from './types';
export { PRESET_NAMES } from './types';
