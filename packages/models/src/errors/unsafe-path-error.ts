import { IfaError } from '@ifa/core';

/**
 * A manifest names a file outside the model folder (absolute path, `..` segment, backslash, URL scheme or
 * percent escape), or a file inside it is a symbolic link (or sits under one) whose real path is outside
 * the folder's real path. Loading refuses it so a hostile model folder cannot make us read arbitrary files
 * or URLs.
 */
export class UnsafePathError extends IfaError {
  static readonly code = 'IFA_UNSAFE_PATH';
  override readonly name = 'UnsafePathError';

  /**
   * `reason` replaces the default explanation (a name that is not a plain relative path), e.g. for a
   * symbolic link that leads out of the folder.
   */
  constructor(
    readonly path: string,
    readonly source: string,
    reason?: string,
  ) {
    super(
      UnsafePathError.code,
      `${source}: refusing path ${JSON.stringify(path)}; ${
        reason ??
        'model files must be plain relative paths inside the model folder (letters, digits, ".", "_", "-" ' +
          'and "/" only, no ".." segments).'
      }`,
    );
  }

  static override isInstance(error: unknown): error is UnsafePathError {
    return IfaError.hasCode(error, UnsafePathError.code);
  }
}
