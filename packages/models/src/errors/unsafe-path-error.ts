import { IfaModelsError } from './ifa-models-error';

/**
 * A manifest names a file outside the model folder (absolute path, `..` segment, backslash, URL scheme or
 * percent escape). Loading refuses it so a hostile model folder cannot make us read arbitrary files or URLs.
 */
export class UnsafePathError extends IfaModelsError {
  override readonly name = 'UnsafePathError';

  constructor(
    readonly path: string,
    readonly source: string,
  ) {
    super(
      `${source}: refusing path ${JSON.stringify(path)}; model files must be plain relative paths inside the ` +
        'model folder (letters, digits, ".", "_", "-" and "/" only, no ".." segments).',
    );
  }
}
