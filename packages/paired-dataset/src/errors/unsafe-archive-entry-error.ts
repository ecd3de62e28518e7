import { PairedDatasetError } from './paired-dataset-error';

/**
 * A tar entry would be written outside the extraction folder (absolute path or `..` segment). The whole
 * archive is rejected: an archive that tries this once cannot be trusted for the rest.
 */
export class UnsafeArchiveEntryError extends PairedDatasetError {
  override readonly name = 'UnsafeArchiveEntryError';

  constructor(
    readonly archive: string,
    readonly entry: string,
  ) {
    super(`Refusing to extract ${archive}: entry "${entry}" escapes the target folder.`);
  }
}
