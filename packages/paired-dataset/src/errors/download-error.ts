import { PairedDatasetError } from './paired-dataset-error';

/** A transfer failed (HTTP error, connection dropped, body shorter than announced). */
export class DownloadError extends PairedDatasetError {
  override readonly name = 'DownloadError';

  constructor(
    readonly url: string,
    problem: string,
    options?: { cause?: unknown },
  ) {
    super(
      `Download of ${url} failed: ${problem}. Run downloadDatasets again: it resumes partial files.`,
      options,
    );
  }
}
