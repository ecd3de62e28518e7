import { CorruptModelError, ModelLoadError, UnsafePathError } from '../errors';
import { MANIFEST_FILE } from './paths';
import type { ModelFolderReader, ModelFolderWriter } from './store';

type NodeFs = typeof import('node:fs/promises');
type NodePath = typeof import('node:path');

/**
 * Node built-ins are imported lazily and through a variable specifier, so no bundler (webpack, Vite,
 * Rollup, esbuild) tries to resolve or include `node:fs` in a browser bundle; this code only runs when a
 * file-system path is used in Node. The magic comments keep webpack and Vite from warning about it.
 */
function importBuiltin<T>(specifier: string): Promise<T> {
  return import(/* webpackIgnore: true */ /* @vite-ignore */ specifier) as Promise<T>;
}

async function nodeModules(): Promise<{ fs: NodeFs; path: NodePath }> {
  const [fs, path] = await Promise.all([
    importBuiltin<NodeFs>('node:fs/promises'),
    importBuiltin<NodePath>('node:path'),
  ]);
  return { fs, path };
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function confine(path: NodePath, root: string, relativePath: string): string {
  const full = path.resolve(root, relativePath);
  if (!full.startsWith(root + path.sep)) {
    throw new UnsafePathError(relativePath, root, `it resolves to ${full}, outside the model folder.`);
  }
  return full;
}

const FOLDER_HINT = `pass the folder saveModel wrote (or its ${MANIFEST_FILE}).`;

/**
 * Reads a model folder on disk. `directory` may also be the path of its `ifa-model.json`. A path that does
 * not exist, is another file or cannot be read throws `ModelLoadError`. Every file read must have a real
 * path (symbolic links resolved) inside the folder's real path; a link that leads out of the folder throws
 * `UnsafePathError`.
 */
export async function nodeFolderReader(directory: string): Promise<ModelFolderReader> {
  const { fs, path } = await nodeModules();
  let root = path.resolve(directory);
  let stats: Awaited<ReturnType<NodeFs['stat']>>;
  try {
    stats = await fs.stat(root);
  } catch (cause) {
    const code = errorCode(cause);
    const problem =
      code === 'ENOENT' || code === 'ENOTDIR'
        ? 'no such folder'
        : code === 'EACCES' || code === 'EPERM'
          ? 'permission denied'
          : `cannot be read (${(cause as Error).message})`;
    throw new ModelLoadError(`${problem}; ${FOLDER_HINT}`, root, { cause });
  }
  if (stats.isFile() && path.basename(root) === MANIFEST_FILE) {
    root = path.dirname(root);
  } else if (!stats.isDirectory()) {
    throw new ModelLoadError(`is a file, not a model folder; ${FOLDER_HINT}`, root);
  }
  // The folder itself may be reached through a link (e.g. checkpoints/latest); its files may not leave it.
  const realRoot = await fs.realpath(root);
  return {
    location: root,
    async read(relativePath) {
      const full = confine(path, root, relativePath);
      let real: string;
      try {
        real = await fs.realpath(full);
      } catch (error) {
        const code = errorCode(error);
        if (code === 'ENOENT' || code === 'ENOTDIR') return null;
        throw new ModelLoadError(`${relativePath} cannot be read (${(error as Error).message}).`, root, {
          cause: error,
        });
      }
      if (!real.startsWith(realRoot + path.sep)) {
        throw new UnsafePathError(
          relativePath,
          root,
          `it is, or sits under, a symbolic link to ${real}, outside the model folder's real path ` +
            `${realRoot}. Copy the files into the folder instead of linking to them.`,
        );
      }
      try {
        // Read the resolved path, so a link swapped in after the check cannot redirect the read.
        return new Uint8Array(await fs.readFile(real));
      } catch (error) {
        const code = errorCode(error);
        if (code === 'ENOENT') return null;
        if (code === 'EISDIR') {
          throw new CorruptModelError(`${relativePath} is a folder, not a file.`, root, { cause: error });
        }
        throw new ModelLoadError(`${relativePath} cannot be read (${(error as Error).message}).`, root, {
          cause: error,
        });
      }
    },
  };
}

export async function nodeFolderWriter(directory: string): Promise<ModelFolderWriter> {
  const { fs, path } = await nodeModules();
  const root = path.resolve(directory);
  await fs.mkdir(root, { recursive: true });
  let counter = 0;
  return {
    location: root,
    async write(relativePath, data) {
      const target = confine(path, root, relativePath);
      await fs.mkdir(path.dirname(target), { recursive: true });
      counter += 1;
      const temporary = `${target}.${process.pid}.${counter}.tmp`;
      try {
        await fs.writeFile(temporary, data);
        await fs.rename(temporary, target);
      } catch (error) {
        await fs.rm(temporary, { force: true });
        throw error;
      }
    },
  };
}
