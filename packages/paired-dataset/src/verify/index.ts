import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathExists } from '@ifa/core/node';
import { hashFile, loadFsddChecksums, MNIST_MD5 } from '../checksums';
import { MNIST_FILES } from '../mnist';

export type FileStatus = 'ok' | 'missing' | 'mismatch';

export interface MnistFileReport {
  file: string;
  path: string;
  status: FileStatus;
  /**
   * False for MNIST's 60,000 training images and labels: without them, image pools come from the t10k
   * files (see loadMnistPools), so a missing training pair is complete data, not a gap.
   */
  required: boolean;
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
  /**
   * True when every FSDD recording and MNIST's t10k pair are present with their published checksums, and
   * MNIST's training pair is either absent (the t10k-only layout) or complete and valid too.
   */
  ok: boolean;
  /** Whether MNIST's 60,000 training images are present (valid or not); absent is allowed. */
  mnistTrain: boolean;
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
 * Checks a data folder against the published checksums: the MNIST files by md5 and every FSDD v1.0.10
 * recording by sha256. Never throws for bad data; read the report. A folder with MNIST's t10k files and
 * without the training pair is complete (`ok`, `mnistTrain: false`); a training image file without its
 * labels, or any file with a wrong checksum, is not.
 */
export async function verifyDatasets(dir: string, options: VerifyOptions = {}): Promise<VerifyReport> {
  const mnistMd5 = options.mnistMd5 ?? MNIST_MD5;
  const fsddSha256 = options.fsddSha256 ?? (await loadFsddChecksums());
  const trainFiles: readonly string[] = [MNIST_FILES.train.images, MNIST_FILES.train.labels];
  const mnistTrain = await pathExists(join(dir, 'mnist', MNIST_FILES.train.images));
  const mnist: MnistFileReport[] = [];
  for (const [file, md5] of Object.entries(mnistMd5)) {
    const path = join(dir, 'mnist', file);
    const status: FileStatus = !(await pathExists(path))
      ? 'missing'
      : (await hashFile(path, 'md5')) === md5
        ? 'ok'
        : 'mismatch';
    // The training labels are needed only with the training images.
    mnist.push({ file, path, status, required: !trainFiles.includes(file) || mnistTrain });
  }
  const fsdd = await verifyFsdd(dir, fsddSha256);
  const mnistOk = mnist.every((m) => m.status === 'ok' || (m.status === 'missing' && !m.required));
  return { ok: fsdd.ok && mnistOk, mnistTrain, dir, mnist, fsdd };
}
