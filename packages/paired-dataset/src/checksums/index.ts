import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { packageRoot } from '../package-root';

export type HashAlgorithm = 'md5' | 'sha256';

/** Canonical md5 of the four MNIST files, as published with the dataset. */
export const MNIST_MD5: Readonly<Record<string, string>> = Object.freeze({
  'train-images-idx3-ubyte.gz': 'f68b3c2dcbeaaa9fbdd348bbdeb94873',
  'train-labels-idx1-ubyte.gz': 'd53e105ee54ea40749a09fcbcd1e9432',
  't10k-images-idx3-ubyte.gz': '9fb629c4189551a2d022fa330f9573f3',
  't10k-labels-idx1-ubyte.gz': 'ec29112dd5afa0611ce80d1b7f02629c',
});

/** The FSDD release whose recordings the bundled checksum list describes. */
export const FSDD_VERSION = '1.0.10';

/** Parses `sha256sum` output (`<hex>  <name>` per line, `*` binary marker allowed) into name -> hash. */
export function parseSha256Sums(text: string): Map<string, string> {
  const sums = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const match = /^([0-9a-f]{64}) [ *](.+)$/i.exec(line.trim());
    if (match) sums.set(match[2]!, match[1]!.toLowerCase());
  }
  return sums;
}

/** Formats name -> hash as `sha256sum -c` input, sorted by name. */
export function formatSha256Sums(sums: ReadonlyMap<string, string>): string {
  return [...sums.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, hash]) => `${hash}  ${name}\n`)
    .join('');
}

/** Path of the SHA256SUMS shipped with this package for FSDD v1.0.10 (3000 recordings). */
export function fsddChecksumsPath(): string {
  return join(packageRoot(), 'checksums', `fsdd-v${FSDD_VERSION}.SHA256SUMS`);
}

/**
 * The expected sha256 of every FSDD v1.0.10 recording. The release tarball itself is not checksummed
 * upstream, so each extracted recording is verified against this list instead.
 */
export async function loadFsddChecksums(): Promise<Map<string, string>> {
  return parseSha256Sums(await readFile(fsddChecksumsPath(), 'utf8'));
}

export async function hashFile(path: string, algorithm: HashAlgorithm): Promise<string> {
  const hash = createHash(algorithm);
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
