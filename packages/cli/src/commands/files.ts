import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { InvalidOptionError } from '@ifa/core';

/** Resolves a path given on the command line and fails in one line when it is not an existing file. */
export async function existingFile(io: { cwd: string }, flag: string, path: string): Promise<string> {
  const absolute = resolve(io.cwd, path);
  const info = await stat(absolute).catch(() => null);
  if (!info?.isFile())
    throw new InvalidOptionError({ option: flag, value: path, expected: 'an existing file' });
  return absolute;
}

/** The nearest existing folder (or file) at or above `path`. */
async function nearestExisting(path: string): Promise<{ path: string; isDirectory: boolean }> {
  let current = path;
  for (;;) {
    const info = await stat(current).catch(() => null);
    if (info) return { path: current, isDirectory: info.isDirectory() };
    const parent = dirname(current);
    if (parent === current) return { path: current, isDirectory: true };
    current = parent;
  }
}

/** Checks that the folders above `absolute` exist or can be created, and can be written to. */
async function checkWritablePlace(
  flag: string,
  given: string,
  absolute: string,
  what: string,
): Promise<void> {
  const existing = await nearestExisting(dirname(absolute));
  if (!existing.isDirectory) {
    throw new InvalidOptionError(
      { option: flag, value: given, expected: `${what} whose parent folders can be created` },
      { hint: `${existing.path} is a file.` },
    );
  }
  try {
    await access(existing.path, constants.W_OK | constants.X_OK);
  } catch (error) {
    throw new InvalidOptionError(
      { option: flag, value: given, expected: `${what} in a folder you can write to` },
      {
        hint: `${existing.path} is not writable (${(error as NodeJS.ErrnoException).code ?? 'denied'}).`,
        cause: error,
      },
    );
  }
}

/**
 * Resolves an output file given on the command line (`--out image.png`) and checks, before any work is
 * done, that it can be written: not empty, not an existing folder, not under a file, in a writable place.
 * Fails with one `InvalidOptionError` naming the flag and the path as the user typed it.
 */
export async function outputFile(io: { cwd: string }, flag: string, path: string): Promise<string> {
  const what = 'a file path (e.g. out.png)';
  if (path.trim() === '' || /[/\\]$/.test(path))
    throw new InvalidOptionError({ option: flag, value: path, expected: what });
  const absolute = resolve(io.cwd, path);
  const info = await stat(absolute).catch(() => null);
  if (info?.isDirectory()) {
    throw new InvalidOptionError({ option: flag, value: path, expected: `${what}, not an existing folder` });
  }
  if (info) {
    try {
      await access(absolute, constants.W_OK);
    } catch (error) {
      throw new InvalidOptionError(
        { option: flag, value: path, expected: `${what} you can write to` },
        { hint: `${absolute} is read-only.`, cause: error },
      );
    }
  }
  await checkWritablePlace(flag, path, absolute, what);
  return absolute;
}

/**
 * Resolves an output folder given on the command line (`--out runs/x`) and checks it the same way: not
 * empty, not an existing file, not under a file, and writable (or creatable in a writable place).
 */
export async function outputDir(io: { cwd: string }, flag: string, path: string): Promise<string> {
  const what = 'a folder path (e.g. runs/cgan)';
  if (path.trim() === '') throw new InvalidOptionError({ option: flag, value: path, expected: what });
  const absolute = resolve(io.cwd, path);
  const info = await stat(absolute).catch(() => null);
  if (info && !info.isDirectory()) {
    throw new InvalidOptionError({ option: flag, value: path, expected: `${what}, not an existing file` });
  }
  if (info) {
    try {
      await access(absolute, constants.W_OK | constants.X_OK);
    } catch (error) {
      throw new InvalidOptionError(
        { option: flag, value: path, expected: `${what} you can write to` },
        {
          hint: `${absolute} is not writable (${(error as NodeJS.ErrnoException).code ?? 'denied'}).`,
          cause: error,
        },
      );
    }
    return absolute;
  }
  await checkWritablePlace(flag, path, absolute, what);
  return absolute;
}

const WRITE_ERROR_CODES = new Set([
  'EACCES',
  'EPERM',
  'EROFS',
  'EISDIR',
  'ENOTDIR',
  'EEXIST',
  'ENOENT',
  'ENOSPC',
  'EDQUOT',
]);

/**
 * Runs a write of the file the user named with `flag`; a file-system error (permissions, a folder in
 * the way, a full disk) becomes one `InvalidOptionError` naming the user's path instead of the temporary
 * file an atomic write used.
 */
export async function writingTo<T>(flag: string, given: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === undefined || !WRITE_ERROR_CODES.has(code)) throw error;
    const reason =
      code === 'ENOSPC' || code === 'EDQUOT'
        ? 'the disk is full'
        : code === 'EISDIR' || code === 'EEXIST'
          ? 'a folder is in the way'
          : code === 'ENOTDIR'
            ? 'a file is in the way of its folder'
            : code === 'ENOENT'
              ? 'its folder could not be created'
              : 'permission denied';
    throw new InvalidOptionError(
      { option: flag, value: given, expected: 'a path that can be written' },
      { hint: `Writing it failed: ${reason} (${code}).`, cause: error },
    );
  }
}
