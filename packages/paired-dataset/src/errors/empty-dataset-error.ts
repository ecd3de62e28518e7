import { PairedDatasetError } from './paired-dataset-error';

/** A folder exists but holds nothing this loader can use. */
export class EmptyDatasetError extends PairedDatasetError {
  override readonly name = 'EmptyDatasetError';

  constructor(
    readonly path: string,
    expected: string,
  ) {
    super(`No usable files in ${path}: expected ${expected}.`);
  }
}
