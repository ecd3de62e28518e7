import { IfaError } from '@ifa/core';

/**
 * The model's `preprocessing` record has a `version` newer than this @ifa/models understands: its audio
 * encoding may differ in ways this release cannot reproduce, so it refuses rather than draw wrong images.
 */
export class UnsupportedPreprocessingVersionError extends IfaError {
  static readonly code = 'IFA_UNSUPPORTED_PREPROCESSING_VERSION';
  override readonly name = 'UnsupportedPreprocessingVersionError';

  constructor(
    readonly version: number,
    readonly supportedVersion: number,
    readonly source: string,
  ) {
    super(
      UnsupportedPreprocessingVersionError.code,
      `${source}: preprocessing version ${version} is newer than this @ifa/models understands ` +
        `(up to ${supportedVersion}). Upgrade @ifa/models (and @ifa/audio-features) to use this model.`,
    );
  }

  static override isInstance(error: unknown): error is UnsupportedPreprocessingVersionError {
    return IfaError.hasCode(error, UnsupportedPreprocessingVersionError.code);
  }
}
