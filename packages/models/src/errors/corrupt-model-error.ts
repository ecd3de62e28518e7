import { IfaModelsError } from './ifa-models-error';

/**
 * A model folder whose files are missing, unparsable, truncated, or whose weights do not match the
 * architecture. Re-save the model; a partial copy or an interrupted download is the usual cause.
 */
export class CorruptModelError extends IfaModelsError {
  override readonly name = 'CorruptModelError';

  constructor(
    message: string,
    readonly source: string,
    options?: { cause?: unknown },
  ) {
    super(`${source}: ${message}`, options);
  }
}
