import { IfaError } from '@ifa/core';

/** A folder exists but holds nothing this loader can use. */
export class EmptyDatasetError extends IfaError {
  static readonly code = 'IFA_EMPTY_DATASET';
  override readonly name = 'EmptyDatasetError';

  constructor(
    readonly path: string,
    expected: string,
  ) {
    super(EmptyDatasetError.code, `No usable files in ${path}: expected ${expected}.`);
  }

  static override isInstance(error: unknown): error is EmptyDatasetError {
    return IfaError.hasCode(error, EmptyDatasetError.code);
  }
}
