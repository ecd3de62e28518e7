import { describe, expect, it } from 'vitest';

// The runtime names each entry point exports. A change to one of these lists is a deliberate API
// decision: `.` is covered by semver, `./internal` is not.
describe('@ifa/train exports', () => {
  it('@ifa/train', async () => {
    expect(Object.keys(await import('./index')).sort()).toEqual([
      'CheckpointError',
      'IMAGE_POOLS_FILE',
      'NonFiniteLossError',
      'RECIPE_TRAINING',
      'RunExistsError',
      'TRAIN_DEFAULTS',
      'findModelFolder',
      'readCheckpointModel',
      'readMetrics',
      'recipeTraining',
      'renderImagePng',
      'renderLossChart',
      'renderSampleGrid',
      'runPaths',
      'train',
    ]);
  });

  it('@ifa/train/internal', async () => {
    expect(Object.keys(await import('./internal/index')).sort()).toEqual([
      'DEFAULT_ADAM',
      'PositionalAdam',
      'appendJsonLine',
      'checkpointExists',
      'packageVersions',
      'readJsonLines',
      'readTrainerState',
      'resolveTrainOptions',
    ]);
  });
});
