import { describe, expect, it } from 'vitest';

// The runtime names each entry point exports. A change to one of these lists is a deliberate API
// decision: `.` is covered by semver, `./internal` is not (see README, "Public surface").
describe('@ifa/models exports', () => {
  it('@ifa/models', async () => {
    expect(Object.keys(await import('./index')).sort()).toEqual([
      'BackendNotRegisteredError',
      'CorruptModelError',
      'HEARD_CONDITIONS',
      'IMAGE_64_RGB',
      'IfaError',
      'InvalidConfigError',
      'InvalidInputError',
      'InvalidOptionError',
      'InvalidPreprocessingError',
      'MODEL_KINDS',
      'MissingPreprocessingError',
      'ModelKindMismatchError',
      'ModelLoadError',
      'NonFiniteOutputError',
      'PREPROCESSING_VERSION',
      'PRESET_NAMES',
      'UnknownModelKindError',
      'UnsafePathError',
      'UnsupportedFormatVersionError',
      'UnsupportedPreprocessingVersionError',
      'WEIGHT_STORAGES',
      'WGAN_ORIGINAL_MNIST_64',
      'createCgan',
      'createCvae',
      'createDigitClassifier',
      'createModel',
      'createVaegan',
      'createWgan',
      'loadModel',
      'readModelManifest',
      'registerCustomLayers',
      'saveModel',
      'trainStep',
      'trainingSchedule',
      'useFastCpuConvolutionGradients',
    ]);
  });

  it('@ifa/models/internal', async () => {
    expect(Object.keys(await import('./internal/index')).sort()).toEqual([
      'MANIFEST_FILE',
      'cganObjectives',
      'countFlopsPerSample',
      'countTrainableParams',
      'cvaeObjectives',
      'encodeWeights',
      'fileMapReader',
      'float32ToFloat16Bits',
      'parsePreprocessing',
      'resolveConfig',
      'resolvePreprocessing',
      'standardNormal',
      'vaeganObjectives',
      'wganObjectives',
    ]);
  });
});
