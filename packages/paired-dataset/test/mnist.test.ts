import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DatasetNotFoundError, IdxFormatError, loadMnist, sampleDataDir } from '../src';
import { MNIST_FILES } from '../src/mnist';
import { useTempDirs } from './helpers';

const sampleMnist = join(sampleDataDir(), 'mnist');

async function copySampleTo(dir: string): Promise<void> {
  await mkdir(join(dir, 'mnist'), { recursive: true });
  for (const file of Object.values(MNIST_FILES.test))
    await copyFile(join(sampleMnist, file), join(dir, 'mnist', file));
}

describe('loadMnist on the shipped sample', () => {
  it('reads 500 test digits of 28 x 28 whose labels equal the IDX label bytes', async () => {
    const set = await loadMnist({ dir: sampleDataDir(), split: 'test' });
    expect(set.count).toBe(500);
    expect([set.height, set.width]).toEqual([28, 28]);
    expect(set.images.length).toBe(500 * 28 * 28);
    // Independent read of the label file with node:zlib rather than the code under test's fflate.
    const raw = gunzipSync(await readFile(join(sampleMnist, MNIST_FILES.test.labels)));
    expect(Array.from(set.labels)).toEqual(Array.from(raw.subarray(8)));
    expect(new Set(set.labels).size).toBe(10);
    // A handwritten digit has ink: every image has some bright and some dark pixels.
    for (let i = 0; i < set.count; i++) {
      const pixels = set.images.subarray(i * 784, (i + 1) * 784);
      expect(Math.max(...pixels)).toBeGreaterThan(200);
      expect(Math.min(...pixels)).toBe(0);
    }
  });

  it('also accepts the mnist/ folder itself', async () => {
    const set = await loadMnist({ dir: sampleMnist, split: 'test' });
    expect(set.count).toBe(500);
  });

  it('fails for the absent training images with the missing file and how to get it', async () => {
    const error = await loadMnist({ dir: sampleDataDir(), split: 'train' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatasetNotFoundError);
    expect((error as DatasetNotFoundError).path).toBe(join(sampleMnist, 'train-images-idx3-ubyte.gz'));
    expect((error as Error).message).toContain('train-images-idx3-ubyte.gz');
    expect((error as Error).message).toContain('downloadDatasets');
  });
});

describe('loadMnist on bad input', () => {
  const tempDir = useTempDirs();

  it('rejects a truncated .gz, naming the file', async () => {
    const dir = await tempDir();
    await copySampleTo(dir);
    const path = join(dir, 'mnist', MNIST_FILES.test.images);
    const bytes = await readFile(path);
    await writeFile(path, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const error = await loadMnist({ dir, split: 'test' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IdxFormatError);
    expect((error as IdxFormatError).path).toBe(path);
    expect((error as Error).message).toMatch(/gzip/);
  });

  it('rejects a wrong magic number, naming the file and both magics', async () => {
    const dir = await tempDir();
    await copySampleTo(dir);
    const path = join(dir, 'mnist', MNIST_FILES.test.labels);
    const raw = gunzipSync(await readFile(path));
    raw.writeUInt32BE(0x00000803, 0);
    await writeFile(path, gzipSync(raw));
    const error = await loadMnist({ dir, split: 'test' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IdxFormatError);
    expect((error as Error).message).toContain(path);
    expect((error as Error).message).toContain('0x00000803');
    expect((error as Error).message).toContain('0x00000801');
  });

  it('rejects a header whose sizes disagree with the data', async () => {
    const dir = await tempDir();
    await copySampleTo(dir);
    const path = join(dir, 'mnist', MNIST_FILES.test.images);
    const raw = gunzipSync(await readFile(path));
    raw.writeUInt32BE(501, 4);
    await writeFile(path, gzipSync(raw));
    await expect(loadMnist({ dir, split: 'test' })).rejects.toThrow(/501 x 28 x 28/);
  });

  it('rejects label and image files of different lengths', async () => {
    const dir = await tempDir();
    await copySampleTo(dir);
    const path = join(dir, 'mnist', MNIST_FILES.test.labels);
    const raw = gunzipSync(await readFile(path));
    raw.writeUInt32BE(499, 4);
    await writeFile(path, gzipSync(raw.subarray(0, raw.length - 1)));
    await expect(loadMnist({ dir, split: 'test' })).rejects.toThrow(IdxFormatError);
  });

  it('names a missing folder', async () => {
    const dir = join(await tempDir(), 'nowhere');
    const error = await loadMnist({ dir, split: 'test' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatasetNotFoundError);
    expect((error as Error).message).toContain(dir);
  });

  it('names the missing file in an empty folder', async () => {
    const dir = await tempDir();
    await expect(loadMnist({ dir, split: 'test' })).rejects.toThrow(join(dir, 't10k-images-idx3-ubyte.gz'));
  });
});
