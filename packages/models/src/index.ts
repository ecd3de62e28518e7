/**
 * @ifa/models: WGAN-GP, CVAE, VAE-GAN and CGAN audio-to-image models on tfjs-layers.
 * Importing this module selects no backend and registers nothing; custom layers are registered the first
 * time a model is created or loaded.
 */
export { type Cgan, cganObjectives, createCgan } from './cgan';
export {
  CGAN_PRESETS,
  type CganConfig,
  type ConfigInput,
  CVAE_PRESETS,
  type CvaeConfig,
  type ImageShapeConfig,
  type ModelKind,
  PRESET_NAMES,
  type PresetName,
  resolveConfig,
  VAEGAN_PRESETS,
  type VaeDecoderKind,
  type VaeganConfig,
  WGAN_ORIGINAL_MNIST_64,
  WGAN_PRESETS,
  type WganConfig,
} from './config';
export { useFastCpuConvolutionGradients } from './cpu-kernels';
export { type Cvae, createCvae, cvaeObjectives } from './cvae';
export {
  createDigitClassifier,
  DIGIT_CLASSIFIER_DEFAULTS,
  type DigitClassifier,
  type DigitClassifierConfig,
} from './digit-classifier';
export {
  CorruptModelError,
  IfaError,
  InvalidConfigError,
  InvalidInputError,
  InvalidOptionError,
  ModelKindMismatchError,
  UnknownModelKindError,
  UnsafePathError,
  UnsupportedFormatVersionError,
} from './errors';
export {
  FORMAT_VERSION,
  type HttpReaderOptions,
  httpFolderReader,
  type IfaModelManifest,
  type LoadModelOptions,
  loadModel,
  MANIFEST_FILE,
  type ModelFolderReader,
  type ModelFolderWriter,
  readModelManifest,
  type SaveModelOptions,
  saveModel,
} from './io';
export { InstanceNormalization, registerCustomLayers, TwiceDifferentiableLeakyReLU } from './layers';
export {
  binaryCrossEntropy,
  type CganGeneratorLossWeights,
  type CvaeLossWeights,
  cganDiscriminatorLoss,
  cganGeneratorLoss,
  cvaeLoss,
  gradientPenalty,
  interpolateSamples,
  klDivergence,
  sumSquaredError,
  type VaeganGeneratorLossWeights,
  vaeganDiscriminatorLoss,
  vaeganGeneratorLoss,
  wassersteinCriticLoss,
  wassersteinGeneratorLoss,
} from './losses';
export {
  type CreateModelOptions,
  countTrainableParams,
  type GenerateOptions,
  type IfaModel,
  type JsonObject,
  type JsonValue,
  type PairedBatch,
  trainableVariables,
  type VaeGenerateOptions,
} from './model';
export { countFlopsPerSample } from './model-stats';
export {
  type AnyIfaModel,
  createModel,
  MODEL_KINDS,
  type ModelByKind,
  SUB_MODEL_NAMES,
  type TrainingPhase,
  trainingSchedule,
} from './registry';
export { type ObjectiveOptions, type TrainingObjective, trainStep } from './training';
export { reparameterize } from './vae';
export { createVaegan, type Vaegan, vaeganObjectives } from './vaegan';
export { PACKAGE_VERSION } from './version';
export { createWgan, toTanhRange, type Wgan, wganObjectives } from './wgan';
