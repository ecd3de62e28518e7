import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidOptionError } from '@ifa/core';
import { loadModel } from '@ifa/models';
import { makeSoundscapes } from '@ifa/paired-dataset';
import { beforeAll, describe, expect, it } from 'vitest';
import { readMetrics, train } from '../src/training';
import { tempDir, useTestBackend } from './helpers';

let pairsDir = '';

beforeAll(async () => {
  await useTestBackend();
  pairsDir = join(await tempDir('ifa-pairs-'), 'soundscapes');
  await makeSoundscapes({ outDir: pairsDir, seed: 3, recordingsPerClass: 5, imagesPerClass: 5 });
});

describe('train on a pairs folder', () => {
  it('takes its shape and classes from the folder, and records them in run.json', async () => {
    const outDir = await tempDir();
    const result = await train({
      model: 'cvae',
      preset: 'tiny',
      config: { conditioning: 'class', imageSize: 28, imageChannels: 1 },
      pairsDir,
      cropsPerClip: 2,
      epochs: 1,
      batchSize: 8,
      maxBatchesPerEpoch: 2,
      testLossPairs: 8,
      outDir,
    });
    const config = result.model.config as unknown as Record<string, unknown>;
    // 64 x 64 general-sound spectrograms in, the folder's five classes, the image shape asked for.
    expect([config.inputHeight, config.inputWidth]).toEqual([64, 64]);
    expect([config.imageSize, config.imageChannels, config.classCount]).toEqual([28, 1, 5]);
    result.model.dispose();
    // The checkpoint carries the general-sound encoder setting, so `ifa generate` encodes new clips alike.
    const saved = await loadModel(result.latestCheckpoint);
    expect(saved.preprocessing?.encoder).toMatchObject({ sampleRate: 16000, nMels: 64, fit: 'pad' });
    saved.dispose();
    const run = JSON.parse(await readFile(join(outDir, 'run.json'), 'utf8'));
    expect(run.options.pairsDir).toBe(pairsDir);
    expect(run.options.cropsPerClip).toBe(2);
    expect(run.options.dataDir).toBeNull();
    expect(run.data.classes).toEqual(['beach', 'fire', 'forest', 'rain', 'street']);
    expect(run.data.imagePolicy).toBe('folder-split');
    expect(run.pairs).toEqual({
      dir: pairsDir,
      seed: 0,
      testFraction: 0.2,
      imageSize: 28,
      channels: 1,
      cropsPerClip: 2,
    });
    const rows = await readMetrics(outDir);
    expect(rows.filter((row) => row.type === 'batch')).toHaveLength(2);
    expect(rows.some((row) => row.type === 'test')).toBe(true);
  });

  it("gives a class-conditioned GAN the folder's class count, and trains its classifier phase", async () => {
    const outDir = await tempDir();
    const result = await train({
      model: 'wgan',
      preset: 'tiny',
      config: { conditioning: 'class', imageSize: 28, imageChannels: 1, criticStepsPerGeneratorStep: 2 },
      pairsDir,
      cropsPerClip: 2,
      epochs: 1,
      batchSize: 8,
      maxBatchesPerEpoch: 2,
      testLossPairs: 8,
      outDir,
    });
    const config = result.model.config as unknown as Record<string, unknown>;
    expect(config.classCount).toBe(5);
    expect(Object.keys(result.model.models)).toEqual(['audioClassifier', 'generator', 'critic']);
    result.model.dispose();
    const batches = (await readMetrics(outDir)).filter((row) => row.type === 'batch');
    expect(batches.map((row) => Object.keys(row.losses).sort())).toEqual([
      ['classifier', 'critic'],
      ['classifier', 'critic', 'generator'],
    ]);
  });

  it('refuses pairsDir with digit-only options, and cropsPerClip without pairsDir', async () => {
    const outDir = await tempDir();
    await expect(train({ model: 'cvae', pairsDir, dataDir: '/somewhere', outDir })).rejects.toThrow(
      /dataDir.*unset when pairsDir is given/s,
    );
    await expect(train({ model: 'cvae', cropsPerClip: 2, outDir })).rejects.toSatisfy((error) =>
      InvalidOptionError.isInstance(error),
    );
  });
});
