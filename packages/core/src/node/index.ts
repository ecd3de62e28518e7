/**
 * Node-only helpers (they import node:fs): atomic file and folder writes, so a crash never leaves a
 * half-written file where a reader or a resume would find it.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** A hidden sibling name, unique per process and call, so concurrent writers never collide. */
export function temporarySibling(path: string, tag = 'tmp'): string {
  return join(dirname(path), `.${basename(path)}.${tag}-${process.pid}-${randomBytes(4).toString('hex')}`);
}

export async function pathExists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

/** Writes a file so readers only ever see the old or the complete new content (temp file + rename). */
export async function atomicWriteFile(path: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = temporarySibling(path);
  try {
    await writeFile(temp, data);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** {@link atomicWriteFile} of pretty-printed JSON with a final newline. */
export async function atomicWriteJson(path: string, value: unknown): Promise<void> {
  await atomicWriteFile(path, `${JSON.stringify(value, null, 2)}\n`);
}

/**
 * Fills a folder through `fill(tempDir)` and then swaps it into place. An existing folder is moved aside
 * first and removed only after the new one is in place, so a crash leaves either version whole.
 */
export async function atomicWriteDir(path: string, fill: (tempDir: string) => Promise<void>): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = temporarySibling(path);
  try {
    await mkdir(temp, { recursive: true });
    await fill(temp);
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw error;
  }
  const old = temporarySibling(path, 'old');
  const hadOld = await pathExists(path);
  if (hadOld) await rename(path, old);
  await rename(temp, path);
  if (hadOld) await rm(old, { recursive: true, force: true });
}
