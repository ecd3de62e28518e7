import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { selectBackend } from '@ifa/backends';
import { createCgan, createWgan, saveModel } from '@ifa/models';
import { sampleDataDir } from '@ifa/paired-dataset';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluate, scoreImages } from './evaluate';
import { type Judge, loadOrTrainJudge } from './judge';
import { validateReport } from './schema';

const dataDir = process.env.IFA_DATA_DIR;
const skipReason =
  'IFA_DATA_DIR is not set: the judge needs the full MNIST t10k (CI sets it to ../shared/datasets)';
if (!dataDir) console.warn(`[evaluate tests] skipped: ${skipReason}`);

// One cache folder per machine: the judge trains once (about 2 minutes with wasm on 2 cores), later runs
// load it. The held-out accuracy is recomputed from the loaded weights every time, never read back.
const cacheDir = join(tmpdir(), 'ifa-judge-test-cache');

describe.skipIf(!dataDir)('digit judge and evaluate on the shared data', () => {
  let judge: Judge;
  let work: string;

  beforeAll(async () => {
    await selectBackend({ prefer: 'auto', log: null });
    judge = await loadOrTrainJudge({ dataDir: dataDir!, cacheDir });
    work = await mkdtemp(join(tmpdir(), 'ifa-evaluate-'));
  }, 600_000);

  afterAll(async () => {
    judge?.dispose();
    if (work) await rm(work, { recursive: true, force: true });
  });

  const realPixels = () => Float32Array.from(judge.heldOut.images, (v) => v / 255);

  it('classifies at least 97% of real held-out digits, and real digits are ~0 Frechet distance from themselves', async () => {
    const scores = await scoreImages(judge, realPixels(), judge.heldOut.labels, 784);
    expect(judge.heldOut.count).toBeGreaterThanOrEqual(1000);
    expect(scores.accuracy).toBeGreaterThanOrEqual(0.97);
    expect(Math.abs(scores.accuracy - judge.info.heldOutAccuracy)).toBeLessThan(1e-9);
    expect(scores.frechetDistance).toBeLessThan(1e-3);
    expect(scores.withinDigit).toBeGreaterThan(1);
    expect(scores.withinDigit).toBeCloseTo(scores.realWithinDigit, 9);
  });

  it('scores constant images at chance or below, with no diversity and a large Frechet distance', async () => {
    const labels = Int32Array.from({ length: 200 }, (_, i) => i % 10);
    for (const value of [0, 0.5, 1]) {
      const scores = await scoreImages(judge, new Float32Array(200 * 784).fill(value), labels, 784);
      expect(scores.accuracy).toBeLessThanOrEqual(0.1);
      expect(scores.withinDigit).toBe(0);
      expect(scores.frechetDistance).toBeGreaterThan(1);
    }
  });

  it('loads the same judge from its content-hash cache instead of retraining', async () => {
    const again = await loadOrTrainJudge({ dataDir: dataDir!, cacheDir });
    try {
      expect(again.fromCache).toBe(true);
      expect(again.info.cacheKey).toBe(judge.info.cacheKey);
      const sample = Float32Array.from(judge.heldOut.images.subarray(0, 50 * 784), (v) => v / 255);
      const labels = judge.heldOut.labels.subarray(0, 50);
      expect((await scoreImages(again, sample, labels, 784)).confusion).toEqual(
        (await scoreImages(judge, sample, labels, 784)).confusion,
      );
    } finally {
      again.dispose();
    }
  });

  it('writes a schema-valid report.json and confusion.png for a CGAN (no noise) and a WGAN (noise)', async () => {
    for (const [kind, model] of [
      ['cgan', createCgan({ preset: 'tiny' })],
      ['wgan', createWgan({ preset: 'tiny' })],
    ] as const) {
      const dir = join(work, kind);
      await saveModel(model, dir);
      model.dispose();
      const report = await evaluate(dir, { dataDir: sampleDataDir(), judge, repeats: 3 });
      expect(validateReport(JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')))).toEqual(report);
      expect(existsSync(join(dir, 'confusion.png'))).toBe(true);
      expect(report.model.kind).toBe(kind);
      expect(report.testRecordings).toBe(10);
      expect(report.judge.disjointFromGeneratorTargets).toBeNull();
      expect(report.speed.singleMsPerRecording).toBeGreaterThan(0);
      if (kind === 'cgan') {
        expect(report.diversity.acrossNoise).toBeNull();
        expect(report.diversity.repeats).toBe(1);
      } else {
        expect(report.diversity.acrossNoise).toBeGreaterThan(0);
        expect(report.diversity.repeats).toBe(3);
      }
    }
  }, 300_000);
});
