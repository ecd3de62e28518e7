import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import tarStream from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ChecksumMismatchError,
  type DatasetChecksums,
  DownloadError,
  type DownloadProgress,
  downloadDatasets,
  IncompleteArchiveError,
  loadFsdd,
  loadMnist,
  sampleDataDir,
  UnsafeArchiveEntryError,
  verifyDatasets,
} from '../src';
import { parseSha256Sums } from '../src/checksums';
import { escapesTarget, extractRecordings } from '../src/download';
import { useTempDirs } from './helpers';

const md5 = (data: Uint8Array) => createHash('md5').update(data).digest('hex');

async function makeTarGz(
  entries: { name: string; data?: Uint8Array; type?: 'file' | 'symlink'; linkname?: string }[],
) {
  const pack = tarStream.pack();
  const chunks: Buffer[] = [];
  pack.on('data', (chunk) => {
    chunks.push(chunk as Buffer);
  });
  const done = new Promise<void>((resolve) => pack.on('end', () => resolve()));
  for (const entry of entries) {
    if (entry.type === 'symlink')
      pack.entry({ name: entry.name, type: 'symlink', linkname: entry.linkname! });
    else pack.entry({ name: entry.name }, Buffer.from(entry.data ?? new Uint8Array()));
  }
  pack.finalize();
  await done;
  return gzipSync(Buffer.concat(chunks));
}

interface Fixtures {
  mnist: Map<string, Buffer>;
  recordings: Map<string, Buffer>;
  tarball: Buffer;
  evilTarball: Buffer;
  checksums: DatasetChecksums;
}

async function buildFixtures(): Promise<Fixtures> {
  const sample = sampleDataDir();
  const mnist = new Map<string, Buffer>([
    ['t10k-images-idx3-ubyte.gz', await readFile(join(sample, 'mnist', 't10k-images-idx3-ubyte.gz'))],
    ['t10k-labels-idx1-ubyte.gz', await readFile(join(sample, 'mnist', 't10k-labels-idx1-ubyte.gz'))],
    ['train-images-idx3-ubyte.gz', randomBytes(200_000)],
    ['train-labels-idx1-ubyte.gz', randomBytes(3_000)],
  ]);
  const recordings = new Map<string, Buffer>();
  for (const name of (await readdir(join(sample, 'fsdd', 'recordings'))).sort()) {
    recordings.set(name, await readFile(join(sample, 'fsdd', 'recordings', name)));
  }
  const top = 'free-spoken-digit-dataset-1.0.10';
  const tarball = await makeTarGz([
    { name: `${top}/README.md`, data: Buffer.from('# FSDD\n') },
    ...[...recordings].map(([name, data]) => ({ name: `${top}/recordings/${name}`, data })),
  ]);
  const evilTarball = await makeTarGz([
    ...[...recordings].slice(0, 3).map(([name, data]) => ({ name: `${top}/recordings/${name}`, data })),
    { name: `${top}/recordings/../../../evil.wav`, data: Buffer.from('pwned') },
  ]);
  return {
    mnist,
    recordings,
    tarball,
    evilTarball,
    checksums: {
      mnistMd5: Object.fromEntries([...mnist].map(([name, data]) => [name, md5(data)])),
      fsddSha256: parseSha256Sums(await readFile(join(sample, 'fsdd', 'SHA256SUMS'), 'utf8')),
    },
  };
}

/** Serves `body` honouring `Range: bytes=N-`, like the real mirrors. */
function serve(req: IncomingMessage, res: ServerResponse, body: Buffer): void {
  const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
  if (range) {
    const start = Number(range[1]);
    if (start >= body.length) {
      res.writeHead(416, { 'content-range': `bytes */${body.length}` }).end();
      return;
    }
    res.writeHead(206, {
      'content-length': body.length - start,
      'content-range': `bytes ${start}-${body.length - 1}/${body.length}`,
    });
    res.end(body.subarray(start));
    return;
  }
  res.writeHead(200, { 'content-length': body.length });
  res.end(body);
}

describe('downloadDatasets against a local server', () => {
  const tempDir = useTempDirs();
  let fixtures: Fixtures;
  let server: Server;
  let base: string;
  const requests: { url: string; range: string | undefined }[] = [];
  /** Requests for /truncated/ files drop the connection halfway until this many have happened. */
  const truncations = { remaining: 0 };

  beforeAll(async () => {
    fixtures = await buildFixtures();
    server = createServer((req, res) => {
      requests.push({ url: req.url ?? '', range: req.headers.range });
      const [, kind, file] = (req.url ?? '').split('/');
      const good = fixtures.mnist.get(file ?? '');
      if (kind === 'mnist' && good) return serve(req, res, good);
      if (kind === 'corrupt' && good) {
        const bad = Buffer.from(good);
        bad[bad.length >> 1]! ^= 0xff;
        return serve(req, res, bad);
      }
      if (kind === 'truncated' && good) {
        if (truncations.remaining > 0 && !req.headers.range) {
          truncations.remaining--;
          res.writeHead(200, { 'content-length': good.length });
          // A graceful close (FIN, not RST) so the half already sent reaches the client before the error.
          res.write(good.subarray(0, good.length >> 1), () => res.socket?.end());
          return;
        }
        return serve(req, res, good);
      }
      if (kind === 'stall' && good) {
        // Headers and a first chunk, then silence: the client's idle timeout must end it. (The file must be
        // longer than the chunk, or the client sees a complete body and reuses the still-busy connection.)
        res.writeHead(200, { 'content-length': good.length });
        res.write(good.subarray(0, 1000));
        return;
      }
      if (kind === 'fsdd.tar.gz') return serve(req, res, fixtures.tarball);
      if (kind === 'evil.tar.gz') return serve(req, res, fixtures.evilTarball);
      res.writeHead(404).end();
    });
    // Bounded: a stuck request fails the test instead of hanging it.
    server.requestTimeout = 10_000;
    server.headersTimeout = 10_000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const sources = (mnistKind: string, tarball = 'fsdd.tar.gz') => ({
    mnistBaseUrls: [`${base}/${mnistKind}/`],
    fsddTarballUrl: `${base}/${tarball}`,
  });

  it('downloads, verifies and lays out good files, then finds them cached', async () => {
    const dir = await tempDir();
    const progress: DownloadProgress[] = [];
    const result = await downloadDatasets({
      cacheDir: dir,
      sources: sources('mnist'),
      checksums: fixtures.checksums,
      onProgress: (p) => progress.push(p),
    });
    expect(Object.values(result.mnist!)).toEqual(['downloaded', 'downloaded', 'downloaded', 'downloaded']);
    expect(result.fsdd).toEqual({ outcome: 'downloaded', extracted: 30, kept: 0 });
    for (const [name, data] of fixtures.mnist)
      expect((await readFile(join(dir, 'mnist', name))).equals(data)).toBe(true);
    for (const [name, data] of fixtures.recordings) {
      expect((await readFile(join(dir, 'fsdd', 'recordings', name))).equals(data)).toBe(true);
    }
    // Only the recordings are extracted; no temporary, partial or archive files stay behind.
    expect((await readdir(join(dir, 'fsdd', 'recordings'))).length).toBe(30);
    expect((await readdir(dir)).sort()).toEqual(['fsdd', 'mnist']);
    expect((await readdir(join(dir, 'mnist'))).sort()).toEqual([...fixtures.mnist.keys()].sort());
    expect(parseSha256Sums(await readFile(join(dir, 'fsdd', 'SHA256SUMS'), 'utf8'))).toEqual(
      fixtures.checksums.fsddSha256,
    );
    expect(progress.some((p) => p.phase === 'download' && p.receivedBytes > 0)).toBe(true);
    expect(progress.filter((p) => p.phase === 'extract').at(-1)).toMatchObject({ done: 30, total: 30 });

    const report = await verifyDatasets(dir, {
      mnistMd5: fixtures.checksums.mnistMd5,
      fsddSha256: fixtures.checksums.fsddSha256,
    });
    expect(report.ok).toBe(true);
    expect((await loadFsdd({ dir })).length).toBe(30);
    expect((await loadMnist({ dir, split: 'test' })).count).toBe(500);

    const before = requests.length;
    const again = await downloadDatasets({
      cacheDir: dir,
      sources: sources('mnist'),
      checksums: fixtures.checksums,
    });
    expect(Object.values(again.mnist!)).toEqual(['cached', 'cached', 'cached', 'cached']);
    expect(again.fsdd!.outcome).toBe('cached');
    expect(requests.length).toBe(before);
  });

  it('rejects a corrupted file with a typed error and keeps nothing of it', async () => {
    const dir = await tempDir();
    const error = await downloadDatasets({
      cacheDir: dir,
      datasets: ['mnist'],
      sources: sources('corrupt'),
      checksums: fixtures.checksums,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChecksumMismatchError);
    expect((error as Error).message).toContain(`${base}/corrupt/`);
    expect((error as ChecksumMismatchError).algorithm).toBe('md5');
    expect(await readdir(join(dir, 'mnist'))).toEqual([]);
  });

  it('falls back to the next mirror when one serves a corrupted copy', async () => {
    const dir = await tempDir();
    const result = await downloadDatasets({
      cacheDir: dir,
      datasets: ['mnist'],
      sources: { mnistBaseUrls: [`${base}/corrupt/`, `${base}/mnist/`], fsddTarballUrl: '' },
      checksums: fixtures.checksums,
    });
    expect(Object.values(result.mnist!)).toEqual(['downloaded', 'downloaded', 'downloaded', 'downloaded']);
  });

  it('keeps a truncated transfer as .part and resumes it with a Range request', async () => {
    const dir = await tempDir();
    const name = 'train-images-idx3-ubyte.gz';
    const one = { mnistMd5: { [name]: fixtures.checksums.mnistMd5[name]! }, fsddSha256: new Map() };
    truncations.remaining = 1;
    const error = await downloadDatasets({
      cacheDir: dir,
      datasets: ['mnist'],
      sources: sources('truncated'),
      checksums: one,
      retries: 0,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DownloadError);
    expect((error as Error).message).toContain(`${base}/truncated/${name}`);
    const files = await readdir(join(dir, 'mnist'));
    expect(files).toEqual([`${name}.part`]);
    const partial = await readFile(join(dir, 'mnist', `${name}.part`));
    const full = fixtures.mnist.get(name)!;
    expect(partial.length).toBeLessThan(full.length);
    expect(partial.equals(full.subarray(0, partial.length))).toBe(true);

    const before = requests.length;
    await downloadDatasets({
      cacheDir: dir,
      datasets: ['mnist'],
      sources: sources('truncated'),
      checksums: one,
    });
    expect(requests.slice(before)).toEqual([
      { url: `/truncated/${name}`, range: `bytes=${partial.length}-` },
    ]);
    expect((await readFile(join(dir, 'mnist', name))).equals(full)).toBe(true);
    expect(await readdir(join(dir, 'mnist'))).toEqual([name]);
  });

  it('retries a dropped connection within one call by default', async () => {
    const dir = await tempDir();
    truncations.remaining = 1;
    const result = await downloadDatasets({
      cacheDir: dir,
      datasets: ['mnist'],
      sources: sources('truncated'),
      checksums: fixtures.checksums,
    });
    expect(Object.values(result.mnist!).every((o) => o === 'downloaded')).toBe(true);
    expect(truncations.remaining).toBe(0);
  });

  it('gives up on a stalled transfer after the idle timeout, keeping what arrived', async () => {
    const dir = await tempDir();
    const name = 'train-images-idx3-ubyte.gz';
    const started = Date.now();
    const error = await downloadDatasets({
      cacheDir: dir,
      datasets: ['mnist'],
      sources: sources('stall'),
      checksums: { mnistMd5: { [name]: fixtures.checksums.mnistMd5[name]! }, fsddSha256: new Map() },
      retries: 0,
      idleTimeoutMs: 300,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DownloadError);
    expect((error as Error).message).toMatch(/no data for 300 ms/);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect((await readFile(join(dir, 'mnist', `${name}.part`))).length).toBe(1000);
  });

  it('rejects a tar with ../ entries before writing anything', async () => {
    const root = await tempDir();
    const dir = join(root, 'data');
    const error = await downloadDatasets({
      cacheDir: dir,
      datasets: ['fsdd'],
      sources: sources('mnist', 'evil.tar.gz'),
      checksums: fixtures.checksums,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnsafeArchiveEntryError);
    expect((error as UnsafeArchiveEntryError).entry).toContain('../../../evil.wav');
    expect(await readdir(root)).toEqual(['data']);
    const inside = await readdir(dir, { recursive: true });
    expect(inside.filter((name) => name.endsWith('.wav'))).toEqual([]);
    // The untrusted archive is not kept either.
    expect(inside.filter((name) => name.endsWith('.tar.gz'))).toEqual([]);
  });

  it('reports an HTTP error as a DownloadError naming the URL', async () => {
    const dir = await tempDir();
    await expect(
      downloadDatasets({
        cacheDir: dir,
        datasets: ['fsdd'],
        sources: sources('mnist', 'missing.tar.gz'),
        checksums: fixtures.checksums,
      }),
    ).rejects.toThrow(/missing\.tar\.gz.*HTTP 404/);
  });

  it('resumes an interrupted extraction: keeps good files, replaces bad ones, drops leftovers', async () => {
    const dir = await tempDir();
    const archive = join(dir, 'fsdd.tar.gz');
    await writeFile(archive, fixtures.tarball);
    const target = join(dir, 'recordings');
    await mkdir(target);
    const names = [...fixtures.recordings.keys()];
    for (const name of names.slice(0, 10))
      await writeFile(join(target, name), fixtures.recordings.get(name)!);
    await writeFile(join(target, names[10]!), 'half a file');
    await writeFile(join(target, `.${names[11]}.1234.abcd.tmp`), 'leftover');
    const result = await extractRecordings({ archive, target, expected: fixtures.checksums.fsddSha256 });
    expect(result).toEqual({ extracted: 20, kept: 10 });
    expect((await readdir(target)).sort()).toEqual([...names].sort());
    expect((await readFile(join(target, names[10]!))).equals(fixtures.recordings.get(names[10]!)!)).toBe(
      true,
    );
  });

  it('refuses an archive whose recording does not match its checksum', async () => {
    const dir = await tempDir();
    const archive = join(dir, 'fsdd.tar.gz');
    const [name, data] = [...fixtures.recordings][0]!;
    const tampered = Buffer.from(data);
    tampered[100]! ^= 1;
    await writeFile(archive, await makeTarGz([{ name: `top/recordings/${name}`, data: tampered }]));
    const target = join(dir, 'recordings');
    const error = await extractRecordings({
      archive,
      target,
      expected: new Map([[name, fixtures.checksums.fsddSha256.get(name)!]]),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChecksumMismatchError);
    expect((error as Error).message).toContain(name);
    expect(await readdir(target)).toEqual([]);
  });

  it('rejects links pointing outside the target', async () => {
    const dir = await tempDir();
    const archive = join(dir, 'links.tar.gz');
    await writeFile(
      archive,
      await makeTarGz([{ name: 'top/recordings/x.wav', type: 'symlink', linkname: '/etc/passwd' }]),
    );
    await expect(extractRecordings({ archive, target: join(dir, 'r'), expected: new Map() })).rejects.toThrow(
      UnsafeArchiveEntryError,
    );
  });

  it('rejects an archive that lacks expected recordings', async () => {
    const dir = await tempDir();
    const archive = join(dir, 'partial.tar.gz');
    await writeFile(archive, await makeTarGz([{ name: 'top/README.md', data: new Uint8Array([1]) }]));
    const error = await extractRecordings({
      archive,
      target: join(dir, 'r'),
      expected: new Map([['0_jackson_0.wav', '0'.repeat(64)]]),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IncompleteArchiveError);
    expect((error as IncompleteArchiveError).missing).toEqual(['0_jackson_0.wav']);
    expect((error as Error).message).toContain('not the expected release');
  });
});

describe('escapesTarget', () => {
  it('flags absolute paths and .. segments, allows ordinary names', () => {
    for (const bad of ['../x', 'a/../../x', '/etc/passwd', 'C:/x', 'a\\..\\..\\x', 'a/..', 'x\0y']) {
      expect(escapesTarget('/data', bad)).toBe(true);
    }
    for (const good of [
      'a/b.wav',
      'free-spoken-digit-dataset-1.0.10/recordings/0_george_0.wav',
      'a/..b/c',
      './a',
    ]) {
      expect(escapesTarget('/data', good)).toBe(false);
    }
  });
});

describe('verifyDatasets', () => {
  const tempDir = useTempDirs();

  it("accepts MNIST's t10k pair without the training pair, and says the training images are absent", async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'mnist'));
    const bytes = (text: string) => new TextEncoder().encode(text);
    const mnistMd5 = {
      'train-images-idx3-ubyte.gz': md5(bytes('train images')),
      'train-labels-idx1-ubyte.gz': md5(bytes('train labels')),
      't10k-images-idx3-ubyte.gz': md5(bytes('t10k images')),
      't10k-labels-idx1-ubyte.gz': md5(bytes('t10k labels')),
    };
    await writeFile(join(dir, 'mnist', 't10k-images-idx3-ubyte.gz'), 't10k images');
    await writeFile(join(dir, 'mnist', 't10k-labels-idx1-ubyte.gz'), 't10k labels');
    const options = { mnistMd5, fsddSha256: new Map<string, string>() };
    const t10kOnly = await verifyDatasets(dir, options);
    expect(t10kOnly).toMatchObject({ ok: true, mnistTrain: false });
    expect(t10kOnly.mnist.map((m) => [m.file, m.status, m.required])).toEqual([
      ['train-images-idx3-ubyte.gz', 'missing', false],
      ['train-labels-idx1-ubyte.gz', 'missing', false],
      ['t10k-images-idx3-ubyte.gz', 'ok', true],
      ['t10k-labels-idx1-ubyte.gz', 'ok', true],
    ]);
    // Training images without their labels are a broken pair.
    await writeFile(join(dir, 'mnist', 'train-images-idx3-ubyte.gz'), 'train images');
    expect(await verifyDatasets(dir, options)).toMatchObject({ ok: false, mnistTrain: true });
    await writeFile(join(dir, 'mnist', 'train-labels-idx1-ubyte.gz'), 'train labels');
    expect(await verifyDatasets(dir, options)).toMatchObject({ ok: true, mnistTrain: true });
  });

  it('reports the shipped sample honestly against the published checksums', async () => {
    const report = await verifyDatasets(sampleDataDir());
    expect(report.ok).toBe(false);
    expect(report.fsdd).toMatchObject({ expected: 3000, valid: 30, mismatched: [], unexpected: [] });
    expect(report.fsdd.missing).toHaveLength(2970);
    const status = Object.fromEntries(report.mnist.map((m) => [m.file, m.status]));
    // The sample's t10k files are re-packed subsets, so they must not pass as the published ones.
    expect(status).toEqual({
      'train-images-idx3-ubyte.gz': 'missing',
      'train-labels-idx1-ubyte.gz': 'missing',
      't10k-images-idx3-ubyte.gz': 'mismatch',
      't10k-labels-idx1-ubyte.gz': 'mismatch',
    });
  });
});
