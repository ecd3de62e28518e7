import { IfaTrainError } from './ifa-train-error';

/** A checkpoint folder is missing, incomplete or belongs to a different run configuration. */
export class CheckpointError extends IfaTrainError {
  override readonly name = 'CheckpointError';

  constructor(
    readonly path: string,
    problem: string,
    options?: { cause?: unknown },
  ) {
    super(`Checkpoint ${path}: ${problem}`, options);
  }
}
