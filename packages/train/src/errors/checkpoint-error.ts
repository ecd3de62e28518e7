import { IfaError } from '@ifa/core';

/** A checkpoint folder is missing, incomplete or belongs to a different run configuration. */
export class CheckpointError extends IfaError {
  static readonly code = 'IFA_CHECKPOINT';
  override readonly name = 'CheckpointError';

  constructor(
    readonly path: string,
    problem: string,
    options?: { cause?: unknown },
  ) {
    super(CheckpointError.code, `Checkpoint ${path}: ${problem}`, options);
  }

  static override isInstance(error: unknown): error is CheckpointError {
    return IfaError.hasCode(error, CheckpointError.code);
  }
}
