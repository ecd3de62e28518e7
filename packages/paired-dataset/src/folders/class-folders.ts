import { readdir } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { pathExists } from '@ifa/core/node';
import { DatasetNotFoundError, EmptyDatasetError } from '../errors';

export interface ClassFile {
  className: string;
  label: number;
  path: string;
  /** `<class>/<file name>`: unique within the folder. */
  id: string;
}

/**
 * Lists `<dir>/<class>/<file>` for the given extensions. Classes are the sub-folder names sorted, and a
 * label is a class's index in that order, so the same class names give the same labels in any folder.
 * Hidden entries (starting with `.`) are ignored.
 */
export async function listClassFiles(
  dir: string,
  extensions: readonly string[],
  what: string,
): Promise<{ classes: string[]; files: ClassFile[] }> {
  if (!(await pathExists(dir))) {
    throw new DatasetNotFoundError(dir, `Pass a folder with one sub-folder per class holding ${what} files.`);
  }
  const entries = await readdir(dir, { withFileTypes: true });
  const classes = entries
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
    .map((entry) => entry.name)
    .sort();
  const files: ClassFile[] = [];
  for (const [label, className] of classes.entries()) {
    const names = (await readdir(join(dir, className), { withFileTypes: true }))
      .filter(
        (entry) =>
          entry.isFile() &&
          !entry.name.startsWith('.') &&
          extensions.includes(extname(entry.name).toLowerCase()),
      )
      .map((entry) => entry.name)
      .sort();
    for (const name of names)
      files.push({ className, label, path: join(dir, className, name), id: `${className}/${name}` });
  }
  if (files.length === 0) {
    throw new EmptyDatasetError(
      dir,
      `one sub-folder per class holding ${what} files (${extensions.join(', ')})`,
    );
  }
  return { classes, files };
}
