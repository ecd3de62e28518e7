import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { atomicWriteFile } from '@ifa/core/node';
import { FSDD_VERSION, formatSha256Sums, loadFsddChecksums, MNIST_MD5 } from '../checksums';
import { resolveDataDir } from '../data-dir';
import { DownloadError } from '../errors';
import { verifyFsdd } from '../verify';
import { type DownloadOutcome, downloadFile } from './download-file';
import { extractRecordings } from './extract-tar';
import { type DatasetSources, DEFAULT_SOURCES } from './sources';

export {
  type DownloadFileOptions,
  type DownloadOutcome,
  downloadFile,
  type ExpectedHash,
  type TransferProgress,
} from './download-file';
export {
  type ExtractProgress,
  type ExtractRecordingsOptions,
  escapesTarget,
  extractRecordings,
} from './extract-tar';
export { type DatasetSources, DEFAULT_SOURCES } from './sources';

export type DatasetName = 'mnist' | 'fsdd';

export type DownloadProgress =
  | {
      dataset: DatasetName;
      phase: 'download';
      file: string;
      receivedBytes: number;
      totalBytes: number | undefined;
    }
  | { dataset: DatasetName; phase: 'extract'; file: string; done: number; total: number }
  | { dataset: DatasetName; phase: 'done'; file: string; outcome: DownloadOutcome };

export interface DatasetChecksums {
  /** file name -> md5 of the four MNIST files. */
  mnistMd5: Readonly<Record<string, string>>;
  /** recording name -> sha256. */
  fsddSha256: ReadonlyMap<string, string>;
}

export interface DownloadDatasetsOptions {
  /** Where `mnist/` and `fsdd/recordings/` go. Default resolveDataDir(). */
  cacheDir?: string;
  /** Default both. */
  datasets?: readonly DatasetName[];
  onProgress?: (progress: DownloadProgress) => void;
  /** Default DEFAULT_SOURCES (public mirrors). */
  sources?: DatasetSources;
  /** Default: the published MNIST md5s and the FSDD v1.0.10 list shipped in this package. */
  checksums?: DatasetChecksums;
  /** Extra attempts per file after a dropped connection (each resumes). Default 2. */
  retries?: number;
  /** Abandon an attempt when no byte arrives for this long (then retry/resume). Default 60 000 ms. */
  idleTimeoutMs?: number;
  signal?: AbortSignal;
}

export interface DownloadResult {
  dir: string;
  mnist?: Record<string, DownloadOutcome>;
  fsdd?: { outcome: DownloadOutcome; extracted: number; kept: number };
}

export async function defaultChecksums(): Promise<DatasetChecksums> {
  return { mnistMd5: MNIST_MD5, fsddSha256: await loadFsddChecksums() };
}

/**
 * Fetches MNIST (all four files) and FSDD v1.0.10 into `cacheDir`, verifying every file, and lays them out
 * as the loaders expect (`mnist/*.gz`, `fsdd/recordings/*.wav`, `fsdd/SHA256SUMS`). Files already present
 * and valid are not fetched again; interrupted transfers resume. Safe to run again at any time.
 */
export async function downloadDatasets(options: DownloadDatasetsOptions = {}): Promise<DownloadResult> {
  const dir = options.cacheDir ?? resolveDataDir();
  const datasets = options.datasets ?? ['mnist', 'fsdd'];
  const sources = options.sources ?? DEFAULT_SOURCES;
  const checksums = options.checksums ?? (await defaultChecksums());
  const result: DownloadResult = { dir };
  const common = {
    ...(options.retries !== undefined && { retries: options.retries }),
    ...(options.idleTimeoutMs !== undefined && { idleTimeoutMs: options.idleTimeoutMs }),
    ...(options.signal && { signal: options.signal }),
  };

  if (datasets.includes('mnist')) {
    if (sources.mnistBaseUrls.length === 0)
      throw new DownloadError('mnistBaseUrls', 'no MNIST mirror configured');
    result.mnist = {};
    for (const [file, md5] of Object.entries(checksums.mnistMd5)) {
      const path = join(dir, 'mnist', file);
      let lastError: unknown;
      for (const base of sources.mnistBaseUrls) {
        const url = new URL(file, base.endsWith('/') ? base : `${base}/`).href;
        try {
          result.mnist[file] = await downloadFile({
            url,
            path,
            expected: { algorithm: 'md5', hex: md5 },
            onProgress: (p) =>
              options.onProgress?.({
                dataset: 'mnist',
                phase: 'download',
                file,
                receivedBytes: p.receivedBytes,
                totalBytes: p.totalBytes,
              }),
            ...common,
          });
          lastError = undefined;
          break;
        } catch (error) {
          lastError = error;
          // A corrupted or unreachable copy on one mirror says nothing about the next: try it.
        }
      }
      if (lastError !== undefined) throw lastError;
      options.onProgress?.({ dataset: 'mnist', phase: 'done', file, outcome: result.mnist[file]! });
    }
  }

  if (datasets.includes('fsdd')) {
    const fsddDir = join(dir, 'fsdd');
    const target = join(fsddDir, 'recordings');
    const before = await verifyFsdd(dir, checksums.fsddSha256);
    if (before.ok) {
      result.fsdd = { outcome: 'cached', extracted: 0, kept: before.valid };
    } else {
      const archive = join(dir, `fsdd-v${FSDD_VERSION}.tar.gz`);
      const file = `fsdd-v${FSDD_VERSION}.tar.gz`;
      await downloadFile({
        url: sources.fsddTarballUrl,
        path: archive,
        onProgress: (p) =>
          options.onProgress?.({
            dataset: 'fsdd',
            phase: 'download',
            file,
            receivedBytes: p.receivedBytes,
            totalBytes: p.totalBytes,
          }),
        ...common,
      });
      try {
        const counts = await extractRecordings({
          archive,
          target,
          expected: checksums.fsddSha256,
          onProgress: (p) => options.onProgress?.({ dataset: 'fsdd', phase: 'extract', file, ...p }),
        });
        result.fsdd = { outcome: 'downloaded', ...counts };
      } catch (error) {
        // The tag archive has no published checksum, so a bad one is not kept for the next attempt.
        await rm(archive, { force: true });
        throw error;
      }
      await atomicWriteFile(join(fsddDir, 'SHA256SUMS'), formatSha256Sums(checksums.fsddSha256));
      await rm(archive, { force: true });
    }
    options.onProgress?.({
      dataset: 'fsdd',
      phase: 'done',
      file: 'recordings',
      outcome: result.fsdd.outcome,
    });
  }
  return result;
}
