/**
 * @ifa/train: trains @ifa models. `train()` writes a run folder (run.json, metrics.jsonl, checkpoints
 * with exact resume, loss chart, sample grids) and can be resumed after a crash or a stop.
 */
export { type GridImage, renderImagePng, renderLossChart, renderSampleGrid } from './charts';
export { readCheckpointModel } from './checkpoint';
export { CheckpointError, NonFiniteLossError, RunExistsError } from './errors';
export {
  findModelFolder,
  IMAGE_POOLS_FILE,
  type ModelFolderLocation,
  type RunPaths,
  runPaths,
} from './run-folder';
export {
  type BatchEvent,
  type BatchMetrics,
  type EpochEvent,
  type EpochMetrics,
  type MetricsRow,
  RECIPE_TRAINING,
  type RecipeTraining,
  readMetrics,
  recipeTraining,
  type TestMetrics,
  TRAIN_DEFAULTS,
  type TrainOptions,
  type TrainResult,
  train,
} from './training';
