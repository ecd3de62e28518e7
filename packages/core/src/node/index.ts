/**
 * Node-only helpers (they import node:fs): atomic file and folder writes, so a crash never leaves a
 * half-written file where a reader or a resume would find it.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * A hidden sibling name, unique per process and call, so concurrent writers never collide. For data
 * streamed to disk and renamed into place once complete (the atomic writers below use it too).
 */
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
 * first and removed only after the new one is in place, so a crash leaves either version whole. A crash
 * between the two renames leaves no folder at `path`, only `.NAME.old-*` (and the complete `.NAME.tmp-*`);
 * {@link recoverAtomicDir} puts one back.
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

/** A sibling left by {@link atomicWriteDir} in a process that died before it finished. */
export interface AtomicDirLeftover {
  /** Full path of the leftover folder. */
  path: string;
  /** `tmp`: the new copy being filled or about to move in; `old`: the previous copy, moved aside. */
  kind: 'tmp' | 'old';
  /** The process that wrote it. */
  pid: number;
}

export interface RecoverAtomicDirOptions {
  /** Whether a leftover copy is whole (e.g. its last-written file is present and valid). */
  isComplete: (dir: string) => Promise<boolean>;
  /** Orders complete candidates; the highest is restored. Default: `tmp` (newer) before `old`. */
  rank?: (dir: string, leftover: AtomicDirLeftover) => Promise<number>;
}

export interface AtomicDirRecovery {
  /** The leftover moved back to `path`, or null when `path` existed or no leftover was complete. */
  restored: AtomicDirLeftover | null;
  /** Leftovers deleted (incomplete, superseded, or stale next to an existing folder). */
  removed: AtomicDirLeftover[];
}

const LEFTOVER = /^\.(.+)\.(tmp|old)-(\d+)-[0-9a-f]+$/;

function isAlive(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The leftovers of {@link atomicWriteDir} for `path` whose writer is no longer running. */
async function atomicDirLeftovers(path: string): Promise<AtomicDirLeftover[]> {
  const entries = await readdir(dirname(path)).catch(() => [] as string[]);
  const leftovers: AtomicDirLeftover[] = [];
  for (const name of entries.sort()) {
    const match = LEFTOVER.exec(name);
    if (!match || match[1] !== basename(path)) continue;
    const pid = Number(match[3]);
    if (isAlive(pid)) continue;
    leftovers.push({ path: join(dirname(path), name), kind: match[2] as 'tmp' | 'old', pid });
  }
  return leftovers;
}

/**
 * Repairs what a crash inside {@link atomicWriteDir} left for `path`: when `path` is missing, the best
 * complete leftover copy (by `rank`) is moved back into place. Once `path` exists, every other leftover
 * of a dead writer is deleted; while it does not, only half-filled temp copies are. Leftovers of a writer
 * still running are left alone. Call it before reading `path` in a process that may follow a crashed one.
 */
export async function recoverAtomicDir(
  path: string,
  options: RecoverAtomicDirOptions,
): Promise<AtomicDirRecovery> {
  const leftovers = await atomicDirLeftovers(path);
  const removed: AtomicDirLeftover[] = [];
  let restored: AtomicDirLeftover | null = null;
  const incomplete = new Set<AtomicDirLeftover>();
  if (leftovers.length > 0 && !(await pathExists(path))) {
    let best = Number.NEGATIVE_INFINITY;
    for (const leftover of leftovers) {
      if (!(await options.isComplete(leftover.path))) {
        incomplete.add(leftover);
        continue;
      }
      const rank = options.rank
        ? await options.rank(leftover.path, leftover)
        : Number(leftover.kind === 'tmp');
      if (rank > best) {
        best = rank;
        restored = leftover;
      }
    }
    if (restored) await rename(restored.path, path);
  }
  // With `path` in place every leftover is superseded; without one, keep anything that might still be
  // worth a look (an `old` copy that failed the check) and delete only half-filled temp folders.
  const present = await pathExists(path);
  for (const leftover of leftovers) {
    if (leftover === restored) continue;
    if (!present && !(leftover.kind === 'tmp' && incomplete.has(leftover))) continue;
    await rm(leftover.path, { recursive: true, force: true });
    removed.push(leftover);
  }
  return { restored, removed };
}
