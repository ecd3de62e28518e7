import { IfaModelsError } from './ifa-models-error';

/** The model folder was written in a format version this package cannot read (usually a newer one). */
export class UnsupportedFormatVersionError extends IfaModelsError {
  override readonly name = 'UnsupportedFormatVersionError';

  constructor(
    readonly formatVersion: unknown,
    readonly supportedVersion: number,
    readonly source: string,
  ) {
    super(
      `${source}: formatVersion ${JSON.stringify(formatVersion)} is not supported; this @ifa/models reads ` +
        `formatVersion ${supportedVersion}. Upgrade @ifa/models to load this model.`,
    );
  }
}
