import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Jimp } from 'jimp';
import { describe, expect, it } from 'vitest';
import {
  DatasetNotFoundError,
  EmptyDatasetError,
  InvalidAudioFilesError,
  InvalidImageFilesError,
  type LoadWarning,
  loadAudioFolder,
  loadFolderPairs,
  loadImageFolder,
  pairByClassName,
  sampleDataDir,
  UnpairableLabelError,
} from '../src';
import { useTempDirs } from './helpers';

const sampleRecordings = join(sampleDataDir(), 'fsdd', 'recordings');

/** A w x h image whose left half is `left` and right half `right` (0xRRGGBBAA). */
async function twoTone(
  path: string,
  w: number,
  h: number,
  left: number,
  right: number,
  mime: 'image/png' | 'image/jpeg',
) {
  const image = new Jimp({ width: w, height: h, color: left });
  for (let y = 0; y < h; y++) for (let x = w / 2; x < w; x++) image.setPixelColor(right, x, y);
  await writeFile(path, await image.getBuffer(mime));
}

/** beach/ and forest/ audio (real FSDD recordings) and images (generated PNG + JPEG). */
async function makeFolders(root: string) {
  const audioDir = join(root, 'audio');
  const imageDir = join(root, 'images');
  const audio = {
    beach: ['0_george_0.wav', '0_lucas_10.wav', '0_theo_30.wav', '1_jackson_1.wav', '1_nicolas_11.wav'],
    forest: ['2_lucas_2.wav', '2_theo_12.wav', '2_george_32.wav', '3_nicolas_3.wav', '3_yweweler_13.wav'],
  };
  for (const [name, files] of Object.entries(audio)) {
    await mkdir(join(audioDir, name), { recursive: true });
    for (const file of files) await copyFile(join(sampleRecordings, file), join(audioDir, name, file));
  }
  await mkdir(join(imageDir, 'beach'), { recursive: true });
  await mkdir(join(imageDir, 'forest'), { recursive: true });
  await mkdir(join(imageDir, 'unused'), { recursive: true });
  for (let i = 0; i < 5; i++) {
    await twoTone(join(imageDir, 'beach', `b${i}.png`), 56, 40, 0xffffffff, 0x000000ff, 'image/png');
    await twoTone(join(imageDir, 'forest', `f${i}.jpg`), 64, 64, 0x00ff00ff, 0x00ff00ff, 'image/jpeg');
  }
  await twoTone(join(imageDir, 'unused', 'u.png'), 8, 8, 0xff0000ff, 0xff0000ff, 'image/png');
  return { audioDir, imageDir };
}

describe('loadImageFolder', () => {
  const tempDir = useTempDirs();

  it('decodes PNG and JPEG, resizes, and converts to grey or RGB', async () => {
    const { imageDir } = await makeFolders(await tempDir());
    const grey = await loadImageFolder(imageDir, { size: 28 });
    expect(grey.classes).toEqual(['beach', 'forest', 'unused']);
    expect(grey.count).toBe(11);
    expect([grey.height, grey.width, grey.channels]).toEqual([28, 28, 1]);
    expect(grey.images.length).toBe(11 * 28 * 28);
    const beach = grey.images.subarray(0, 784);
    // Left half white, right half black, with at most a blurred seam in the middle.
    expect(beach[5 * 28 + 3]).toBe(255);
    expect(beach[5 * 28 + 24]).toBe(0);
    const forest = grey.images.subarray(5 * 784, 6 * 784);
    // Pure green (JPEG, so approximately): luma 0.587 * 255 = 150.
    expect(Math.abs(forest[400]! - 150)).toBeLessThan(6);
    expect(Array.from(grey.labels)).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2]);

    const rgb = await loadImageFolder(imageDir, { size: [10, 12], channels: 3 });
    expect([rgb.height, rgb.width, rgb.channels]).toEqual([10, 12, 3]);
    const red = rgb.images.subarray(10 * 360, 11 * 360);
    expect(Array.from(red.subarray(0, 3))).toEqual([255, 0, 0]);
  });

  it('reports undecodable images, or skips them with a warning', async () => {
    const { imageDir } = await makeFolders(await tempDir());
    const bad = join(imageDir, 'beach', 'broken.png');
    await writeFile(bad, 'not a png');
    const error = await loadImageFolder(imageDir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidImageFilesError);
    expect((error as InvalidImageFilesError).files.map((f) => f.path)).toEqual([bad]);
    const warnings: LoadWarning[] = [];
    const set = await loadImageFolder(imageDir, { onInvalid: 'skip', onWarning: (w) => warnings.push(w) });
    expect(set.count).toBe(11);
    expect(warnings.map((w) => w.path)).toEqual([bad]);
  });

  it('names missing and empty folders', async () => {
    const root = await tempDir();
    await expect(loadImageFolder(join(root, 'nope'))).rejects.toThrow(DatasetNotFoundError);
    await mkdir(join(root, 'empty', 'cats'), { recursive: true });
    const error = await loadImageFolder(join(root, 'empty')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EmptyDatasetError);
    expect((error as Error).message).toContain(join(root, 'empty'));
  });
});

describe('loadAudioFolder and pairing by class name', () => {
  const tempDir = useTempDirs();

  it('loads class folders of WAVs and reports corrupted ones', async () => {
    const { audioDir } = await makeFolders(await tempDir());
    const set = await loadAudioFolder(audioDir);
    expect(set.classes).toEqual(['beach', 'forest']);
    expect(set.records).toHaveLength(10);
    expect(set.records.filter((r) => r.className === 'forest').every((r) => r.label === 1)).toBe(true);
    const bad = join(audioDir, 'forest', 'x.wav');
    await writeFile(bad, 'RIFF');
    await expect(loadAudioFolder(audioDir)).rejects.toThrow(InvalidAudioFilesError);
    expect(
      (await loadAudioFolder(audioDir, { onInvalid: 'skip', onWarning: () => {} })).records,
    ).toHaveLength(10);
  });

  it('pairs by class name even when label numbers differ', () => {
    const audio = { classes: ['beach', 'forest'], labels: [0, 1, 1] };
    const images = { classes: ['aardvark', 'beach', 'forest'], labels: [1, 2, 0, 2, 1] };
    const pairing = pairByClassName(audio, images, { strategy: 'one-to-one' });
    expect(Array.from(pairing.imageIndicesForEpoch(0))).toEqual([0, 1, 3]);
    expect(() => pairByClassName({ classes: ['sea'], labels: [0] }, images)).toThrow(UnpairableLabelError);
    expect(() => pairByClassName({ classes: ['sea'], labels: [0] }, images)).toThrow(/sea/);
  });

  it('builds train and test datasets whose pairs share a class and never share images', async () => {
    const { audioDir, imageDir } = await makeFolders(await tempDir());
    const pairs = await loadFolderPairs({ audioDir, imageDir, testFraction: 0.4, seed: 2, size: 16 });
    expect(pairs.classes).toEqual(['beach', 'forest']);
    expect(pairs.train.size + pairs.test.size).toBe(10);
    expect(pairs.test.size).toBe(4);
    const trainImages = new Set(pairs.train.images.sourceIndices!);
    expect(pairs.test.images.sourceIndices!.some((i) => trainImages.has(i))).toBe(false);
    for (const dataset of [pairs.train, pairs.test]) {
      for (const batch of dataset.batches({ batchSize: 3, seed: 1 })) {
        expect(batch.imageShape.slice(1)).toEqual([16, 16, 1]);
        for (let j = 0; j < batch.labels.length; j++) {
          const imageClass = dataset.images.classes![dataset.images.labels[batch.imageIndices[j]!]!];
          expect(imageClass).toBe(pairs.classes[batch.labels[j]!]);
        }
      }
    }
  });
});
