import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type HashAlgorithm, hashFile } from '../checksums';
import { ChecksumMismatchError, DownloadError } from '../errors';

export interface ExpectedHash {
  algorithm: HashAlgorithm;
  hex: string;
}

export interface TransferProgress {
  url: string;
  path: string;
  receivedBytes: number;
  /** Undefined when the server does not say. */
  totalBytes: number | undefined;
}

export interface DownloadFileOptions {
  url: string;
  /** Final path; the transfer goes to `${path}.part` and is renamed only when complete and verified. */
  path: string;
  expected?: ExpectedHash;
  /** Extra attempts after a dropped connection, each resuming from the bytes already received. Default 2. */
  retries?: number;
  onProgress?: (progress: TransferProgress) => void;
  signal?: AbortSignal;
  /** Give up on an attempt when no byte arrives for this long. Default 60 000 ms. */
  idleTimeoutMs?: number;
}

export type DownloadOutcome = 'downloaded' | 'cached';

async function sizeOf(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function matches(path: string, expected: ExpectedHash | undefined): Promise<boolean> {
  return expected === undefined || (await hashFile(path, expected.algorithm)) === expected.hex.toLowerCase();
}

/**
 * Downloads one file with resume and verification. A final file that already verifies is kept as is.
 * An interrupted transfer leaves `${path}.part`, which the next attempt (in this call or a later one)
 * continues with an HTTP Range request; servers that ignore Range make it start over.
 */
export async function downloadFile(options: DownloadFileOptions): Promise<DownloadOutcome> {
  const { url, path, expected } = options;
  const retries = options.retries ?? 2;
  if ((await sizeOf(path)) !== undefined && (await matches(path, expected))) return 'cached';
  await mkdir(dirname(path), { recursive: true });
  const partPath = `${path}.part`;

  for (let attempt = 0; ; attempt++) {
    try {
      await transfer(options, partPath);
      break;
    } catch (error) {
      if (!(error instanceof DownloadError) || attempt >= retries || options.signal?.aborted) throw error;
    }
  }

  if (expected) {
    const actual = await hashFile(partPath, expected.algorithm);
    if (actual !== expected.hex.toLowerCase()) {
      // A complete but wrong file cannot be resumed into a right one: drop it so the next run starts over.
      await rm(partPath, { force: true });
      throw new ChecksumMismatchError(url, expected.algorithm, expected.hex, actual);
    }
  }
  await rename(partPath, path);
  return 'downloaded';
}

async function transfer(options: DownloadFileOptions, partPath: string): Promise<void> {
  const already = (await sizeOf(partPath)) ?? 0;
  // A stalled server must not hang the caller forever: abort when no data arrives for idleTimeoutMs.
  const idleTimeoutMs = options.idleTimeoutMs ?? 60_000;
  const stall = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const touch = () => {
    clearTimeout(timer);
    timer = setTimeout(() => stall.abort(new Error(`no data for ${idleTimeoutMs} ms`)), idleTimeoutMs);
  };
  const signal = options.signal ? AbortSignal.any([options.signal, stall.signal]) : stall.signal;
  touch();
  try {
    return await receive(options, partPath, already, signal, touch);
  } finally {
    clearTimeout(timer);
  }
}

async function receive(
  options: DownloadFileOptions,
  partPath: string,
  already: number,
  signal: AbortSignal,
  touch: () => void,
): Promise<void> {
  const { url, path } = options;
  let response: Response;
  try {
    response = await fetch(url, {
      headers: already > 0 ? { Range: `bytes=${already}-` } : {},
      redirect: 'follow',
      signal,
    });
  } catch (cause) {
    const reason = signal.aborted && signal.reason instanceof Error ? signal.reason : (cause as Error);
    throw new DownloadError(url, `request failed (${reason.message})`, { cause });
  }
  if (response.status === 416 && already > 0) {
    // The part file already holds the whole body; verification decides whether it is any good.
    await response.body?.cancel();
    return;
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    throw new DownloadError(url, `HTTP ${response.status} ${response.statusText}`);
  }
  const resuming = response.status === 206 && already > 0;
  const offset = resuming ? already : 0;
  const announced = Number(response.headers.get('content-length') ?? Number.NaN);
  const totalBytes = Number.isFinite(announced) ? offset + announced : undefined;
  let receivedBytes = offset;
  // A hand-written loop rather than stream.pipeline: pipeline destroys the file stream when the socket
  // fails, discarding bytes already received but not yet flushed, and those bytes are what resuming needs.
  const out = createWriteStream(partPath, { flags: resuming ? 'a' : 'w' });
  let failure: unknown;
  try {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      receivedBytes += chunk.length;
      touch();
      if (!out.write(chunk)) await once(out, 'drain');
      options.onProgress?.({ url, path, receivedBytes, totalBytes });
    }
  } catch (cause) {
    failure = cause;
  }
  await new Promise<void>((resolve, reject) =>
    out.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
  if (failure !== undefined) {
    const reason = signal.aborted && signal.reason instanceof Error ? signal.reason : (failure as Error);
    throw new DownloadError(
      url,
      `connection dropped after ${receivedBytes} of ${totalBytes ?? 'unknown'} bytes (${reason.message})`,
      { cause: failure },
    );
  }
  if (totalBytes !== undefined && receivedBytes !== totalBytes) {
    throw new DownloadError(url, `received ${receivedBytes} of ${totalBytes} announced bytes`);
  }
}
