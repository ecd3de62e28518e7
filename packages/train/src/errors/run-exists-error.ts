import { IfaError } from '@ifa/core';

/**
 * `train()` was pointed at a folder that already holds a run (run.json or checkpoints) without `resume`
 * or `overwrite`; nothing was written.
 */
export class RunExistsError extends IfaError {
  static readonly code = 'IFA_RUN_EXISTS';
  override readonly name = 'RunExistsError';

  constructor(
    readonly outDir: string,
    /** The run files found, relative to `outDir` (e.g. `run.json`, `checkpoints/latest`). */
    readonly found: readonly string[],
  ) {
    super(
      RunExistsError.code,
      `${outDir} already holds a run (${found.join(', ')}). Continue it with --resume (resume: true), ` +
        'train into a new --out, or replace it with --overwrite (overwrite: true), which deletes its ' +
        'checkpoints, metrics and samples.',
    );
  }

  static override isInstance(error: unknown): error is RunExistsError {
    return IfaError.hasCode(error, RunExistsError.code);
  }
}
