import { PairedDatasetError } from './paired-dataset-error';

/** An option has a value this package cannot work with. */
export class InvalidOptionError extends PairedDatasetError {
  override readonly name = 'InvalidOptionError';

  constructor(
    readonly option: string,
    problem: string,
  ) {
    super(`Invalid option ${option}: ${problem}.`);
  }
}
