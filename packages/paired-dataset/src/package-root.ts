import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_NAME = '@ifa/paired-dataset';

/**
 * The folder holding this package's package.json. Found by walking up from this module, because the
 * module sits at a different depth in src/ (tests) and in dist/ (ESM and CJS builds).
 */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === PACKAGE_NAME)
          return dir;
      } catch {
        // Not ours or unreadable: keep walking up.
      }
    }
    const parent = dirname(dir);
    if (parent === dir)
      throw new Error(`Cannot locate the ${PACKAGE_NAME} package folder from ${import.meta.url}`);
    dir = parent;
  }
}
