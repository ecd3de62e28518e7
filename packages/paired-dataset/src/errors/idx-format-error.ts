import { PairedDatasetError } from './paired-dataset-error';

/** An MNIST IDX file (gzip or raw) is truncated, has the wrong magic number or inconsistent sizes. */
export class IdxFormatError extends PairedDatasetError {
  override readonly name = 'IdxFormatError';

  constructor(
    readonly path: string,
    problem: string,
    options?: { cause?: unknown },
  ) {
    super(
      `Invalid IDX file ${path}: ${problem}. Delete it and download it again (downloadDatasets).`,
      options,
    );
  }
}
