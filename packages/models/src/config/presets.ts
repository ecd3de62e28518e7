import type {
  CganConfig,
  CvaeConfig,
  ImageShapeConfig,
  ModelKind,
  PresetName,
  VaeganConfig,
  WganConfig,
} from './types';

const MNIST_28 = { inputHeight: 28, inputWidth: 28, imageSize: 28, imageChannels: 1 } as const;

/**
 * Kinds without a better measured recipe yet recommend their `small` preset (same config, its own name, so
 * a run records which one the user asked for).
 */
function recommendSmall<C extends { preset: PresetName }>(
  presets: Omit<Record<PresetName, C>, 'recommended'>,
): Record<PresetName, C> {
  return { ...presets, recommended: { ...presets.small, preset: 'recommended' } };
}

export const CGAN_PRESETS: Record<PresetName, CganConfig> = recommendSmall<CganConfig>({
  seed: {
    preset: 'seed',
    ...MNIST_28,
    generatorFilters: [64, 128, 256, 512],
    discriminatorFilters: 64,
    adversarialWeight: 1,
    reconstructionWeight: 1,
  },
  small: {
    preset: 'small',
    ...MNIST_28,
    generatorFilters: [16, 32, 64, 128],
    discriminatorFilters: 16,
    adversarialWeight: 1,
    reconstructionWeight: 1,
  },
  tiny: {
    preset: 'tiny',
    ...MNIST_28,
    generatorFilters: [4, 8, 8, 16],
    discriminatorFilters: 4,
    adversarialWeight: 1,
    reconstructionWeight: 1,
  },
});

/** The fields only conditioning 'class' reads, at the values the original-recipe presets carry. */
const CVAE_CLASS_FIELDS_UNUSED = {
  hiddenUnits: 512,
  classCount: 10,
  audioClassifierLayout: 'small',
  samplingTemperature: 1,
  audioClassifierWeight: 1,
} as const;

export const CVAE_PRESETS: Record<PresetName, CvaeConfig> = {
  seed: {
    preset: 'seed',
    ...MNIST_28,
    conditioning: 'audio',
    ...CVAE_CLASS_FIELDS_UNUSED,
    filters: 64,
    latentSize: 10,
    decoder: 'seed-stride3',
    outputActivation: 'linear',
    reconstructionWeight: 1,
    klWeight: 1e-4,
  },
  small: {
    preset: 'small',
    ...MNIST_28,
    conditioning: 'audio',
    ...CVAE_CLASS_FIELDS_UNUSED,
    filters: 16,
    latentSize: 10,
    decoder: 'full',
    outputActivation: 'sigmoid',
    reconstructionWeight: 1,
    klWeight: 1e-4,
  },
  tiny: {
    preset: 'tiny',
    ...MNIST_28,
    conditioning: 'audio',
    ...CVAE_CLASS_FIELDS_UNUSED,
    filters: 4,
    latentSize: 4,
    decoder: 'full',
    outputActivation: 'sigmoid',
    reconstructionWeight: 1,
    klWeight: 1e-4,
  },
  /**
   * The true conditional VAE: audio classifier + q(z | image, class) + p(image | z, class), beta 2,
   * z drawn at temperature 0.8. Trained with batch 64 and Adam lr 1e-3 (`ifa train` picks those for it).
   */
  recommended: {
    preset: 'recommended',
    ...MNIST_28,
    conditioning: 'class',
    filters: 16,
    hiddenUnits: 512,
    classCount: 10,
    audioClassifierLayout: 'small',
    samplingTemperature: 0.8,
    audioClassifierWeight: 1,
    latentSize: 8,
    decoder: 'full',
    outputActivation: 'sigmoid',
    reconstructionWeight: 1,
    klWeight: 2,
  },
};

/** The fields only the VAE-GAN's conditioning 'class' reads, at the values the original-recipe presets carry. */
const VAEGAN_CLASS_FIELDS_UNUSED = {
  hiddenUnits: 512,
  classCount: 10,
  audioClassifierLayout: 'small',
  samplingTemperature: 1,
} as const;

export const VAEGAN_PRESETS: Record<PresetName, VaeganConfig> = {
  seed: {
    preset: 'seed',
    ...MNIST_28,
    conditioning: 'audio',
    ...VAEGAN_CLASS_FIELDS_UNUSED,
    filters: 64,
    latentSize: 10,
    noiseChannels: 100,
    decoder: 'seed-stride3',
    outputActivation: 'linear',
    discriminatorFilters: 64,
    adversarialWeight: 1,
    reconstructionWeight: 1,
    klWeight: 1e-3,
  },
  small: {
    preset: 'small',
    ...MNIST_28,
    conditioning: 'audio',
    ...VAEGAN_CLASS_FIELDS_UNUSED,
    filters: 16,
    latentSize: 10,
    noiseChannels: 8,
    decoder: 'full',
    outputActivation: 'sigmoid',
    discriminatorFilters: 16,
    adversarialWeight: 1,
    reconstructionWeight: 1,
    klWeight: 1e-3,
  },
  tiny: {
    preset: 'tiny',
    ...MNIST_28,
    conditioning: 'audio',
    ...VAEGAN_CLASS_FIELDS_UNUSED,
    filters: 4,
    latentSize: 4,
    noiseChannels: 2,
    decoder: 'full',
    outputActivation: 'sigmoid',
    discriminatorFilters: 4,
    adversarialWeight: 1,
    reconstructionWeight: 1,
    klWeight: 1e-3,
  },
  /**
   * The class-conditioned CVAE with a projection discriminator on (image, class) judging prior draws: the
   * CVAE `recommended` recipe (beta 2, latent 8, temperature 0.8, batch 64, Adam lr 1e-3) plus the
   * adversarial term. `noiseChannels`, `decoder` and `outputActivation` are not read by it.
   */
  recommended: {
    preset: 'recommended',
    ...MNIST_28,
    conditioning: 'class',
    filters: 16,
    hiddenUnits: 512,
    classCount: 10,
    audioClassifierLayout: 'small',
    samplingTemperature: 0.8,
    latentSize: 8,
    noiseChannels: 8,
    decoder: 'full',
    outputActivation: 'sigmoid',
    discriminatorFilters: 16,
    adversarialWeight: 5,
    reconstructionWeight: 1,
    klWeight: 2,
  },
};

export const WGAN_PRESETS: Record<PresetName, WganConfig> = {
  seed: {
    preset: 'seed',
    ...MNIST_28,
    conditioning: 'audio',
    classCount: 10,
    audioClassifierLayout: 'small',
    noiseSize: 100,
    audioEmbeddingSize: 100,
    audioEncoderFilters: 64,
    generatorFilters: 64,
    criticFilters: 64,
    gradientPenaltyWeight: 10,
    criticStepsPerGeneratorStep: 5,
  },
  small: {
    preset: 'small',
    ...MNIST_28,
    conditioning: 'audio',
    classCount: 10,
    audioClassifierLayout: 'small',
    noiseSize: 32,
    audioEmbeddingSize: 32,
    audioEncoderFilters: 16,
    generatorFilters: 16,
    criticFilters: 16,
    gradientPenaltyWeight: 10,
    criticStepsPerGeneratorStep: 5,
  },
  tiny: {
    preset: 'tiny',
    ...MNIST_28,
    conditioning: 'audio',
    classCount: 10,
    audioClassifierLayout: 'small',
    noiseSize: 8,
    audioEmbeddingSize: 8,
    audioEncoderFilters: 4,
    generatorFilters: 2,
    criticFilters: 4,
    gradientPenaltyWeight: 10,
    criticStepsPerGeneratorStep: 5,
  },
  /**
   * Conditioning 'class': audio classifier, generator on (noise, class), projection critic on (image,
   * class); the `small` widths with two critic updates per generator update.
   */
  recommended: {
    preset: 'recommended',
    ...MNIST_28,
    conditioning: 'class',
    classCount: 10,
    audioClassifierLayout: 'small',
    noiseSize: 32,
    audioEmbeddingSize: 32,
    audioEncoderFilters: 16,
    generatorFilters: 16,
    criticFilters: 16,
    gradientPenaltyWeight: 10,
    criticStepsPerGeneratorStep: 2,
  },
};

/**
 * Overrides that turn the `seed` WGAN into the original unconditioned 64 x 64 MNIST WGAN-GP:
 * `createWgan({ ...WGAN_ORIGINAL_MNIST_64 })`.
 */
export const WGAN_ORIGINAL_MNIST_64 = {
  preset: 'seed',
  conditioning: 'none',
  imageSize: 64,
  inputHeight: 64,
  inputWidth: 64,
} as const satisfies Partial<WganConfig>;

/**
 * Overrides for 64 x 64 RGB pictures from 64 x 64 spectrogram images (e.g. the general-sounds encoder
 * setting: 64 mel bands x 64 frames), for any kind and preset:
 * `createCvae({ preset: 'recommended', ...IMAGE_64_RGB, classCount: 5 })`. Each kind switches to its
 * 64 x 64 layout (one more up- or down-sampling step than at 28 x 28; the README lists them), so the
 * presets' widths keep their meaning. The CVAE and VAE-GAN `seed` presets use the 28-only `'seed-stride3'`
 * decoder: add `decoder: 'full'` to them.
 */
export const IMAGE_64_RGB = {
  imageSize: 64,
  imageChannels: 3,
  inputHeight: 64,
  inputWidth: 64,
} as const satisfies ImageShapeConfig;

export const PRESETS_BY_KIND = {
  cgan: CGAN_PRESETS,
  cvae: CVAE_PRESETS,
  vaegan: VAEGAN_PRESETS,
  wgan: WGAN_PRESETS,
} as const satisfies Record<ModelKind, Record<PresetName, unknown>>;
