import { IfaError } from '@ifa/core';

/**
 * The model source could not be read at all: a local path that does not exist, is not a folder (or its
 * `ifa-model.json`) or is not readable; a URL that answered with an HTTP error (other than 404, which
 * means a missing file: `CorruptModelError`) or could not be fetched. `source` is the path or URL;
 * `status` the HTTP status when there was one.
 */
export class ModelLoadError extends IfaError {
  static readonly code = 'IFA_MODEL_LOAD';
  override readonly name = 'ModelLoadError';
  readonly source: string;
  readonly status: number | undefined;

  constructor(message: string, source: string, options?: { status?: number; cause?: unknown }) {
    super(ModelLoadError.code, `${source}: ${message}`, options);
    this.source = source;
    this.status = options?.status;
  }

  static override isInstance(error: unknown): error is ModelLoadError {
    return IfaError.hasCode(error, ModelLoadError.code);
  }
}
