import { IfaError } from '@ifa/core';

/** A file or folder the caller pointed at does not exist. The message says how to obtain it. */
export class DatasetNotFoundError extends IfaError {
  static readonly code = 'IFA_DATASET_NOT_FOUND';
  override readonly name = 'DatasetNotFoundError';

  /** How to obtain it, in library terms (the command line words its own from `path`). */
  readonly hint: string;

  constructor(
    readonly path: string,
    hint: string,
    options?: { cause?: unknown },
  ) {
    super(DatasetNotFoundError.code, `Not found: ${path}. ${hint}`, options);
    this.hint = hint;
  }

  static override isInstance(error: unknown): error is DatasetNotFoundError {
    return IfaError.hasCode(error, DatasetNotFoundError.code);
  }
}
