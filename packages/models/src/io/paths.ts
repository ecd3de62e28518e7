import { UnsafePathError } from '../errors';

/** Name of the file that describes a saved model folder. */
export const MANIFEST_FILE = 'ifa-model.json';

const SAFE_SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;

/**
 * Accepts only plain relative paths made of `[A-Za-z0-9._-]` segments separated by `/`, none of which is
 * `.` or `..` or starts with a dot. This rejects absolute paths, drive letters, backslashes, URL schemes,
 * query strings and percent escapes (which a server might decode into `../`), so a manifest can only
 * name files inside the model folder, whether that folder is on disk or behind a URL.
 */
export function assertSafeRelativePath(path: unknown, source: string): string {
  if (typeof path !== 'string' || path.length === 0 || path.length > 512) {
    throw new UnsafePathError(String(path), source);
  }
  const segments = path.split('/');
  if (!segments.every((s) => SAFE_SEGMENT.test(s) && s !== '..')) {
    throw new UnsafePathError(path, source);
  }
  return path;
}

/** `a/b/model.json` + `weights.bin` -> `a/b/weights.bin` (manifest paths are relative to their model.json). */
export function siblingPath(filePath: string, name: string): string {
  const slash = filePath.lastIndexOf('/');
  return slash < 0 ? name : `${filePath.slice(0, slash + 1)}${name}`;
}
