import { IfaError } from '@ifa/core';

/**
 * A tar entry would be written outside the extraction folder (absolute path or `..` segment). The whole
 * archive is rejected: an archive that tries this once cannot be trusted for the rest.
 */
export class UnsafeArchiveEntryError extends IfaError {
  static readonly code = 'IFA_UNSAFE_ARCHIVE_ENTRY';
  override readonly name = 'UnsafeArchiveEntryError';

  constructor(
    readonly archive: string,
    readonly entry: string,
  ) {
    super(
      UnsafeArchiveEntryError.code,
      `Refusing to extract ${archive}: entry "${entry}" escapes the target folder.`,
    );
  }

  static override isInstance(error: unknown): error is UnsafeArchiveEntryError {
    return IfaError.hasCode(error, UnsafeArchiveEntryError.code);
  }
}
