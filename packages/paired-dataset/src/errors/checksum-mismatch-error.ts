import { IfaError } from '@ifa/core';

/** A downloaded or stored file does not have the published checksum. */
export class ChecksumMismatchError extends IfaError {
  static readonly code = 'IFA_CHECKSUM_MISMATCH';
  override readonly name = 'ChecksumMismatchError';

  constructor(
    readonly path: string,
    readonly algorithm: 'md5' | 'sha256',
    readonly expected: string,
    readonly actual: string,
  ) {
    super(
      ChecksumMismatchError.code,
      `Checksum mismatch for ${path}: expected ${algorithm} ${expected}, got ${actual}. ` +
        'The file is corrupted or not the published version; it was not kept. Download it again.',
    );
  }

  static override isInstance(error: unknown): error is ChecksumMismatchError {
    return IfaError.hasCode(error, ChecksumMismatchError.code);
  }
}
