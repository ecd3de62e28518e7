/**
 * @ifa/models: WGAN-GP, CVAE, VAE-GAN and CGAN audio-to-image models on tfjs-layers.
 * Importing this module selects no backend and registers nothing; custom layers are registered the first
 * time a model is created or loaded.
 *
 * Public surface: create (`createModel`, `create*`), configure (configs, presets), generate, train with
 * your own loop (`trainingSchedule`, `trainStep`), save and load, the digit classifier, and the errors.
 * Per-kind objectives and model statistics are in `@ifa/models/internal` (no semver promise); the
 * losses, layers and config tables underneath are private.
 */
export { type Cgan, createCgan } from './cgan';
export {
  type AudioClassifierLayout,
  type CganConfig,
  type ConfigInput,
  type CvaeConditioning,
  type CvaeConfig,
  IMAGE_64_RGB,
  type ImageShapeConfig,
  type ModelKind,
  PRESET_NAMES,
  type PresetName,
  type VaeDecoderKind,
  type VaeganConditioning,
  type VaeganConfig,
  WGAN_ORIGINAL_MNIST_64,
  type WganConfig,
} from './config';
export { useFastCpuConvolutionGradients } from './cpu-kernels';
export { type Cvae, type CvaeGenerateOptions, type CvaeSubModels, createCvae } from './cvae';
export { createDigitClassifier, type DigitClassifier, type DigitClassifierConfig } from './digit-classifier';
export {
  BackendNotRegisteredError,
  CorruptModelError,
  IfaError,
  InvalidConfigError,
  InvalidInputError,
  InvalidOptionError,
  InvalidPreprocessingError,
  MissingPreprocessingError,
  ModelKindMismatchError,
  ModelLoadError,
  NonFiniteOutputError,
  UnknownModelKindError,
  UnsafePathError,
  UnsupportedFormatVersionError,
  UnsupportedPreprocessingVersionError,
} from './errors';
export {
  type HttpReaderOptions,
  type IfaModelManifest,
  type LoadModelOptions,
  loadModel,
  type ModelFileMap,
  type ModelFolderReader,
  type ModelFolderWriter,
  type ModelSource,
  readModelManifest,
  type SaveModelOptions,
  saveModel,
  WEIGHT_STORAGES,
  type WeightStorage,
} from './io';
export { registerCustomLayers } from './layers';
export {
  type CreateModelOptions,
  type GenerateOptions,
  HEARD_CONDITIONS,
  type HeardCondition,
  type IfaModel,
  type JsonObject,
  type JsonValue,
  type TensorBatch,
  type VaeGenerateOptions,
} from './model';
export {
  type ModelPreprocessing,
  type ModelPreprocessingInput,
  PREPROCESSING_VERSION,
  type SpeakerNormalisationRecord,
} from './preprocessing';
export {
  type AnyIfaModel,
  createModel,
  MODEL_KINDS,
  type ModelByKind,
  type TrainingPhase,
  trainingSchedule,
} from './registry';
export { type ObjectiveOptions, type TrainingObjective, trainStep } from './training';
export {
  createVaegan,
  type Vaegan,
  type VaeganGenerateOptions,
  type VaeganSubModels,
} from './vaegan';
export { createWgan, type Wgan, type WganSubModels } from './wgan';
