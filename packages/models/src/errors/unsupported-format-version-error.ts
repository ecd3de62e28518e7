import { IfaError } from '@ifa/core';

/** The model folder was written in a format version this package cannot read (usually a newer one). */
export class UnsupportedFormatVersionError extends IfaError {
  static readonly code = 'IFA_UNSUPPORTED_FORMAT_VERSION';
  override readonly name = 'UnsupportedFormatVersionError';

  constructor(
    readonly formatVersion: unknown,
    readonly supportedVersion: number,
    readonly source: string,
  ) {
    super(
      UnsupportedFormatVersionError.code,
      `${source}: formatVersion ${JSON.stringify(formatVersion)} is not supported; this @ifa/models reads ` +
        `formatVersion ${supportedVersion}. Upgrade @ifa/models to load this model.`,
    );
  }

  static override isInstance(error: unknown): error is UnsupportedFormatVersionError {
    return IfaError.hasCode(error, UnsupportedFormatVersionError.code);
  }
}
