import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { selectBackend } from '@ifa/backends';
import { mulberry32 } from '@ifa/core/internal';
import { createCgan, saveModel } from '@ifa/models';
import { type ImageSet, makeSoundscapes } from '@ifa/paired-dataset';
import { train } from '@ifa/train';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluate, type PairsLoader, type RunPairs } from './evaluate';
import { formatReport } from './format';
import { validateReport } from './schema';

const CLASSES = ['dark', 'grey', 'light'];

/** `perClass` noisy 28x28 grey pictures per class, at brightness 40, 128 and 215. */
function greySet(perClass: number, seed: number): ImageSet {
  const random = mulberry32(seed);
  const count = perClass * CLASSES.length;
  const images = new Uint8Array(count * 784);
  const labels = Uint8Array.from({ length: count }, (_, i) => i % CLASSES.length);
  for (let i = 0; i < images.length; i++) {
    const level = [40, 128, 215][labels[Math.floor(i / 784)]!]!;
    images[i] = Math.max(0, Math.min(255, Math.round(level + (random() - 0.5) * 60)));
  }
  return { images, labels, count, height: 28, width: 28, channels: 1 };
}

describe('evaluate() on a pairs run, with an injected pairs loader', () => {
  let work: string;
  let runDir: string;
  const pairs: RunPairs = {
    dir: '/data/pairs',
    seed: 3,
    testFraction: 0.2,
    imageSize: 28,
    channels: 1,
    cropsPerClip: 1,
  };

  beforeAll(async () => {
    await selectBackend({ prefer: 'wasm', log: null });
    work = await mkdtemp(join(tmpdir(), 'ifa-pairs-evaluate-'));
    runDir = join(work, 'run');
    const model = createCgan({ preset: 'tiny' }, { seed: 1 });
    await saveModel(model, join(runDir, 'checkpoints', 'latest'), {
      preprocessing: { encoder: { nMels: 28 } },
    });
    model.dispose();
    await writeFile(join(runDir, 'run.json'), JSON.stringify({ options: { preset: 'tiny' }, pairs }));
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it('trains a class judge on the pairs and writes a 3-class report', async () => {
    const calls: { pairs: RunPairs; encoder: unknown }[] = [];
    const loadPairs: PairsLoader = async (given, encoder) => {
      calls.push({ pairs: given, encoder });
      const count = 9;
      return {
        classes: CLASSES,
        trainImages: greySet(10, 1),
        testImages: greySet(3, 2),
        testSpectrograms: {
          data: Float32Array.from({ length: count * 784 }, (_, i) => (i % 7) / 7),
          count,
          height: 28,
          width: 28,
          labels: Int32Array.from({ length: count }, (_, i) => i % 3),
        },
      };
    };
    const report = await evaluate(runDir, {
      loadPairs,
      judgeCacheDir: join(work, 'judges'),
      // A narrow, quick recipe (no dropout: its masks are unseeded); the default takes 300 steps.
      judgeTraining: {
        classifier: { filters: [4, 8], featureSize: 16, dropout: 0 },
        epochs: 20,
        learningRate: 3e-3,
      },
      repeats: 2,
    });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.pairs).toEqual(pairs);
    expect(calls[0]!.encoder).toMatchObject({ nMels: 28 });
    expect(report.classes).toEqual(CLASSES);
    expect(report.imageShape).toEqual([28, 28, 1]);
    expect(report.split).toBe('fraction:0.2:3');
    expect(report.confusion).toHaveLength(3);
    expect(report.testRecordings).toBe(9);
    expect(report.judge).toMatchObject({
      imagePolicy: 'given-images',
      trainImages: 30,
      heldOutImages: 9,
      fromCache: false,
    });
    expect(report.judge.disjointFromGeneratorTargets).toBe(false);
    // Brightness levels are easy: the judge must tell them apart on its held-out pictures.
    expect(report.judge.heldOutAccuracy).toBeGreaterThanOrEqual(0.9);
    expect(validateReport(JSON.parse(await readFile(join(runDir, 'report.json'), 'utf8')))).toEqual(report);
    expect(existsSync(join(runDir, 'confusion.png'))).toBe(true);
    expect(formatReport(report)).toMatch(/^light /m);
  }, 180_000);

  it('refuses a digit split or data folder for a pairs run', async () => {
    await expect(evaluate(runDir, { split: 'standard' })).rejects.toThrow(/split.*pairs folder/s);
    await expect(evaluate(runDir, { dataDir: '/data/digits' })).rejects.toThrow(/dataDir.*pairs folder/s);
  });

  it("reads the run's pairs folder itself when no loader is given, naming it when it is gone", async () => {
    await expect(evaluate(runDir, { judgeCacheDir: join(work, 'judges') })).rejects.toThrow(/\/data\/pairs/);
  });
});

describe('a run trained with pairsDir, evaluated with the default loader', () => {
  it('re-reads the pairs folder split as in training and reports its classes', async () => {
    await selectBackend({ prefer: 'wasm', log: null });
    const work = await mkdtemp(join(tmpdir(), 'ifa-pairs-run-'));
    try {
      const pairsDir = join(work, 'soundscapes');
      await makeSoundscapes({ outDir: pairsDir, seed: 1, recordingsPerClass: 5, imagesPerClass: 6 });
      const runDir = join(work, 'run');
      const result = await train({
        model: 'cvae',
        preset: 'tiny',
        config: { conditioning: 'class', imageSize: 28, imageChannels: 1 },
        pairsDir,
        epochs: 1,
        batchSize: 8,
        maxBatchesPerEpoch: 1,
        testLossPairs: 0,
        outDir: runDir,
      });
      result.model.dispose();
      const report = await evaluate(runDir, {
        judgeCacheDir: join(work, 'judges'),
        judgeTraining: { epochs: 2, fineTuneEpochs: 0 },
        repeats: 2,
      });
      expect(report.classes).toEqual(['beach', 'fire', 'forest', 'rain', 'street']);
      expect(report.imageShape).toEqual([28, 28, 1]);
      // One central window per test recording: 1 of each class's 5 recordings is held out.
      expect(report.testRecordings).toBe(5);
      expect(report.split).toBe('fraction:0.2:0');
      expect(report.confusion).toHaveLength(5);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }, 240_000);
});
