import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { InvalidOptionError } from '@ifa/core';

/** Resolves a path given on the command line and fails in one line when it is not an existing file. */
export async function existingFile(io: { cwd: string }, flag: string, path: string): Promise<string> {
  const absolute = resolve(io.cwd, path);
  const info = await stat(absolute).catch(() => null);
  if (!info?.isFile())
    throw new InvalidOptionError({ option: flag, value: path, expected: 'an existing file' });
  return absolute;
}
