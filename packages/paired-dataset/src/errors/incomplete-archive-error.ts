import { IfaError } from '@ifa/core';

/** A downloaded archive lacks recordings the published release holds, so it is not that release. */
export class IncompleteArchiveError extends IfaError {
  static readonly code = 'IFA_INCOMPLETE_ARCHIVE';
  override readonly name = 'IncompleteArchiveError';

  constructor(
    readonly archive: string,
    readonly missing: readonly string[],
  ) {
    super(
      IncompleteArchiveError.code,
      `${archive} lacks ${missing.length} expected recording(s) (e.g. ${missing.slice(0, 3).join(', ')}); ` +
        'it is not the expected release. Delete it and download again.',
    );
  }

  static override isInstance(error: unknown): error is IncompleteArchiveError {
    return IfaError.hasCode(error, IncompleteArchiveError.code);
  }
}
