import { IfaError } from '@ifa/core';

/** A transfer failed (HTTP error, connection dropped, body shorter than announced). */
export class DownloadError extends IfaError {
  static readonly code = 'IFA_DOWNLOAD';
  override readonly name = 'DownloadError';

  constructor(
    readonly url: string,
    problem: string,
    options?: { cause?: unknown },
  ) {
    super(
      DownloadError.code,
      `Download of ${url} failed: ${problem}. Run downloadDatasets again: it resumes partial files.`,
      options,
    );
  }

  static override isInstance(error: unknown): error is DownloadError {
    return IfaError.hasCode(error, DownloadError.code);
  }
}
