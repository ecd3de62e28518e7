import { PairedDatasetError } from './paired-dataset-error';

/** A file or folder the caller pointed at does not exist. The message says how to obtain it. */
export class DatasetNotFoundError extends PairedDatasetError {
  override readonly name = 'DatasetNotFoundError';

  constructor(
    readonly path: string,
    hint: string,
    options?: { cause?: unknown },
  ) {
    super(`Not found: ${path}. ${hint}`, options);
  }
}
