import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { hashFile, loadFsddChecksums, MNIST_MD5 } from '../checksums';
import { pathExists } from '../fs-utils';

export type FileStatus = 'ok' | 'missing' | 'mismatch';

export interface MnistFileReport {
  file: string;
  path: string;
  status: FileStatus;
}

export interface FsddReport {
  ok: boolean;
  /** Recordings expected (3000 for v1.0.10). */
  expected: number;
  valid: number;
  missing: string[];
  mismatched: string[];
  /** `.wav` files present but not in the checksum list. */
  unexpected: string[];
}

export interface VerifyReport {
  /** True when every MNIST file and every FSDD recording is present with its published checksum. */
  ok: boolean;
  dir: string;
  mnist: MnistFileReport[];
  fsdd: FsddReport;
}

export interface VerifyOptions {
  mnistMd5?: Readonly<Record<string, string>>;
  fsddSha256?: ReadonlyMap<string, string>;
}

export async function verifyFsdd(dir: string, expected: ReadonlyMap<string, string>): Promise<FsddReport> {
  const recordings = join(dir, 'fsdd', 'recordings');
  const present = new Set(
    (await pathExists(recordings)) ? (await readdir(recordings)).filter((n) => n.endsWith('.wav')) : [],
  );
  const missing: string[] = [];
  const mismatched: string[] = [];
  let valid = 0;
  for (const [name, hash] of expected) {
    if (!present.has(name)) missing.push(name);
    else if ((await hashFile(join(recordings, name), 'sha256')) !== hash) mismatched.push(name);
    else valid++;
  }
  const unexpected = [...present].filter((name) => !expected.has(name)).sort();
  return {
    ok: missing.length === 0 && mismatched.length === 0,
    expected: expected.size,
    valid,
    missing,
    mismatched,
    unexpected,
  };
}

/**
 * Checks a data folder against the published checksums: the four MNIST files by md5 and every FSDD v1.0.10
 * recording by sha256. Never throws for bad data; read the report. On machines that only hold MNIST's
 * t10k files, `ok` is false and the report says `train-images-idx3-ubyte.gz` is missing.
 */
export async function verifyDatasets(dir: string, options: VerifyOptions = {}): Promise<VerifyReport> {
  const mnistMd5 = options.mnistMd5 ?? MNIST_MD5;
  const fsddSha256 = options.fsddSha256 ?? (await loadFsddChecksums());
  const mnist: MnistFileReport[] = [];
  for (const [file, md5] of Object.entries(mnistMd5)) {
    const path = join(dir, 'mnist', file);
    const status: FileStatus = !(await pathExists(path))
      ? 'missing'
      : (await hashFile(path, 'md5')) === md5
        ? 'ok'
        : 'mismatch';
    mnist.push({ file, path, status });
  }
  const fsdd = await verifyFsdd(dir, fsddSha256);
  return { ok: fsdd.ok && mnist.every((m) => m.status === 'ok'), dir, mnist, fsdd };
}
