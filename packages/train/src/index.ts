export {
  BACKEND_PREFERENCES,
  type BackendAttempt,
  type BackendAvailability,
  type BackendId,
  type BackendLoader,
  type BackendLoaders,
  type BackendPreference,
  type BackendProbe,
  type BackendPurpose,
  type BackendSelection,
  defaultBackendLoaders,
  INSTALL_HINTS,
  probeBackends,
  type SelectBackendOptions,
  selectBackend,
  TRAINING_KERNELS,
} from './backend';
export {
  type GridImage,
  type LossChartOptions,
  type LossPoint,
  renderImagePng,
  renderLossChart,
  renderSampleGrid,
  type SampleGridOptions,
} from './charts';
export {
  type CheckpointContents,
  checkpointExists,
  type RunFingerprint,
  readCheckpointModel,
  readTrainerState,
  type TrainerPosition,
  type TrainerState,
} from './checkpoint';
export { type CliIo, processIo, runCli } from './cli';
export {
  BackendUnavailableError,
  CheckpointError,
  IfaTrainError,
  InvalidOptionError,
  NonFiniteLossError,
} from './errors';
export * from './evaluate';
export { type AdamOptions, type AdamState, DEFAULT_ADAM, PositionalAdam } from './optimizer';
export { deriveSeed } from './rng';
export {
  appendJsonLine,
  atomicWriteDir,
  atomicWriteFile,
  atomicWriteJson,
  type RunPaths,
  readJsonLines,
  runPaths,
} from './run-folder';
export {
  type BatchEvent,
  type BatchMetrics,
  type EpochEvent,
  type EpochMetrics,
  type MetricsRow,
  readMetrics,
  resolveTrainOptions,
  TRAIN_DEFAULTS,
  type TrainOptions,
  type TrainResult,
  train,
} from './training';
