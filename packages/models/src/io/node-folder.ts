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

function confine(path: NodePath, root: string, relativePath: string): string {
  const full = path.resolve(root, relativePath);
  if (!full.startsWith(root + path.sep)) throw new Error(`${full} is outside ${root}`);
  return full;
}

export async function nodeFolderReader(directory: string): Promise<ModelFolderReader> {
  const { fs, path } = await nodeModules();
  const root = path.resolve(directory);
  return {
    location: root,
    async read(relativePath) {
      try {
        return new Uint8Array(await fs.readFile(confine(path, root, relativePath)));
      } catch (error) {
        if ((error as { code?: string }).code === 'ENOENT') return null;
        throw error;
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
