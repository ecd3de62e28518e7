import { IfaError } from '@ifa/core';

/**
 * A manifest names a file outside the model folder (absolute path, `..` segment, backslash, URL scheme or
 * percent escape). Loading refuses it so a hostile model folder cannot make us read arbitrary files or URLs.
 */
export class UnsafePathError extends IfaError {
  static readonly code = 'IFA_UNSAFE_PATH';
  override readonly name = 'UnsafePathError';

  constructor(
    readonly path: string,
    readonly source: string,
  ) {
    super(
      UnsafePathError.code,
      `${source}: refusing path ${JSON.stringify(path)}; model files must be plain relative paths inside the ` +
        'model folder (letters, digits, ".", "_", "-" and "/" only, no ".." segments).',
    );
  }

  static override isInstance(error: unknown): error is UnsafePathError {
    return IfaError.hasCode(error, UnsafePathError.code);
  }
}
