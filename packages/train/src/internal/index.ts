/**
 * `@ifa/train/internal`: building blocks for the CLI, evaluation and tests. Not covered by semver.
 */
export type {
  EvaluationSeries,
  FloorLine,
  LossChartOptions,
  LossPanel,
  LossPoint,
  PanelSeries,
  SampleGridOptions,
} from '../charts';
export {
  type CheckpointContents,
  checkpointExists,
  type RunFingerprint,
  readTrainerState,
  type TrainerPosition,
  type TrainerState,
} from '../checkpoint';
export { type AdamOptions, type AdamState, DEFAULT_ADAM, PositionalAdam } from '../optimizer';
export { appendJsonLine, readJsonLines } from '../run-folder';
export { resolveTrainOptions } from '../training';
export { packageVersions } from '../training/versions';
