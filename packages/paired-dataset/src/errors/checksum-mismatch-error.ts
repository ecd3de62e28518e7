import { PairedDatasetError } from './paired-dataset-error';

/** A downloaded or stored file does not have the published checksum. */
export class ChecksumMismatchError extends PairedDatasetError {
  override readonly name = 'ChecksumMismatchError';

  constructor(
    readonly path: string,
    readonly algorithm: 'md5' | 'sha256',
    readonly expected: string,
    readonly actual: string,
  ) {
    super(
      `Checksum mismatch for ${path}: expected ${algorithm} ${expected}, got ${actual}. ` +
        'The file is corrupted or not the published version; it was not kept. Download it again.',
    );
  }
}
