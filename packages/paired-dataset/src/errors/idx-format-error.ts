import { IfaError } from '@ifa/core';

/** An MNIST IDX file (gzip or raw) is truncated, has the wrong magic number or inconsistent sizes. */
export class IdxFormatError extends IfaError {
  static readonly code = 'IFA_IDX_FORMAT';
  override readonly name = 'IdxFormatError';

  constructor(
    readonly path: string,
    problem: string,
    options?: { cause?: unknown },
  ) {
    super(
      IdxFormatError.code,
      `Invalid IDX file ${path}: ${problem}. Delete it and download it again (downloadDatasets).`,
      options,
    );
  }

  static override isInstance(error: unknown): error is IdxFormatError {
    return IfaError.hasCode(error, IdxFormatError.code);
  }
}
