import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { pathExists, temporarySibling } from '@ifa/core/node';
import tarStream from 'tar-stream';
import { hashFile } from '../checksums';
import { ChecksumMismatchError, IncompleteArchiveError, UnsafeArchiveEntryError } from '../errors';

export interface ExtractProgress {
  /** Recordings verified and in place so far (including ones already there from an earlier run). */
  done: number;
  total: number;
}

export interface ExtractRecordingsOptions {
  /** The `.tar.gz` to read. */
  archive: string;
  /** Folder receiving the recordings (FSDD: `<data dir>/fsdd/recordings`). */
  target: string;
  /** name -> sha256 of every recording expected in the archive. Entries not listed are not extracted. */
  expected: ReadonlyMap<string, string>;
  onProgress?: (progress: ExtractProgress) => void;
}

/** Matches `<top folder>/recordings/<name>.wav` (GitHub tag archives) or `recordings/<name>.wav`. */
const RECORDING_ENTRY = /^(?:[^/]+\/)?recordings\/([A-Za-z0-9][A-Za-z0-9_.-]*\.wav)$/;

/** True when extracting `name` under `target` could write outside it. */
export function escapesTarget(target: string, name: string): boolean {
  if (name.includes('\0')) return true;
  const normalised = name.replace(/\\/g, '/');
  if (normalised.startsWith('/') || /^[A-Za-z]:/.test(normalised) || isAbsolute(name)) return true;
  if (normalised.split('/').some((segment) => segment === '..')) return true;
  const rel = relative(resolve(target), resolve(target, normalised));
  return rel.startsWith('..') || isAbsolute(rel);
}

type Entry = AsyncIterable<Buffer> & { header: tarStream.Header; resume(): void };

/** Iterates the entries of a `.tar.gz`, closing everything when the loop ends early or throws. */
async function forEachEntry(archive: string, visit: (entry: Entry) => Promise<void>): Promise<void> {
  const extract = tarStream.extract();
  const piping = pipeline(createReadStream(archive), createGunzip(), extract);
  // Errors surface through the iterator or the visit; don't let the pipeline promise go unhandled.
  piping.catch(() => {});
  try {
    for await (const entry of extract as unknown as AsyncIterable<Entry>) await visit(entry);
    await piping;
  } catch (error) {
    extract.destroy();
    throw error;
  }
}

/**
 * Safe, resumable extraction of the recordings in a tar.gz.
 * 1. A first pass reads only headers and rejects the whole archive if any entry (or link target) would
 *    land outside `target`, before anything is written.
 * 2. The second pass streams each listed recording to a temporary file while hashing it, checks the hash,
 *    then renames it into place. Recordings already present with the right hash are skipped, so a run
 *    interrupted at any point can simply be repeated.
 */
export async function extractRecordings(
  options: ExtractRecordingsOptions,
): Promise<{ extracted: number; kept: number }> {
  const { archive, target, expected } = options;

  await forEachEntry(archive, async (entry) => {
    const { name, linkname } = entry.header;
    if (escapesTarget(target, name) || (linkname && escapesTarget(target, linkname))) {
      throw new UnsafeArchiveEntryError(
        archive,
        linkname && !escapesTarget(target, name) ? `${name} -> ${linkname}` : name,
      );
    }
    entry.resume();
  });

  await mkdir(target, { recursive: true });
  // Leftovers of an interrupted run are never trusted.
  for (const name of await readdir(target)) {
    if (name.startsWith('.') && name.endsWith('.tmp')) await rm(join(target, name), { force: true });
  }
  const valid = new Set<string>();
  for (const [name, hash] of expected) {
    const path = join(target, name);
    if ((await pathExists(path)) && (await hashFile(path, 'sha256')) === hash) valid.add(name);
  }
  const kept = valid.size;
  options.onProgress?.({ done: valid.size, total: expected.size });

  let extracted = 0;
  await forEachEntry(archive, async (entry) => {
    const match = RECORDING_ENTRY.exec(entry.header.name);
    const fileName = match?.[1];
    const hash = fileName === undefined ? undefined : expected.get(fileName);
    if (entry.header.type !== 'file' || fileName === undefined || hash === undefined || valid.has(fileName)) {
      entry.resume();
      return;
    }
    const finalPath = join(target, fileName);
    const temporary = temporarySibling(finalPath);
    const digest = createHash('sha256');
    try {
      await pipeline(
        entry,
        async function* (chunks: AsyncIterable<Buffer>) {
          for await (const chunk of chunks) {
            digest.update(chunk);
            yield chunk;
          }
        },
        createWriteStream(temporary),
      );
      const actual = digest.digest('hex');
      if (actual !== hash)
        throw new ChecksumMismatchError(`${archive}:${entry.header.name}`, 'sha256', hash, actual);
      await rename(temporary, finalPath);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    valid.add(fileName);
    extracted++;
    options.onProgress?.({ done: valid.size, total: expected.size });
  });

  const missing = [...expected.keys()].filter((name) => !valid.has(name));
  if (missing.length > 0) throw new IncompleteArchiveError(archive, missing);
  return { extracted, kept };
}
