import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createModel, loadModel } from '@ifa/models';
import { reconstructionFloor } from '@ifa/paired-dataset';
import { beforeAll, describe, expect, it } from 'vitest';
import { lossChartPanels } from '../src/charts';
import { readTrainerState } from '../src/checkpoint';
import { CheckpointError, NonFiniteLossError } from '../src/errors';
import { runPaths } from '../src/run-folder';
import { type EpochMetrics, type MetricsRow, readMetrics, type TestMetrics, train } from '../src/training';
import { evaluationSeries, floorApplies, floorLines } from '../src/training/epoch-listeners';
import { allWeights, poisonFromEpoch, samplePairs, tempDir, useTestBackend } from './helpers';

beforeAll(async () => {
  await useTestBackend();
});

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47];

async function isPng(path: string): Promise<boolean> {
  const bytes = await readFile(path);
  return PNG_SIGNATURE.every((b, i) => bytes[i] === b);
}

describe('train() on each model (tiny preset)', () => {
  // WGAN-GP updates its generator every 5th batch, so it needs 5 batches to exercise both optimizers.
  const cases = [
    { model: 'cgan', batches: 2, losses: ['discriminator', 'generator'] },
    { model: 'cvae', batches: 2, losses: ['vae'] },
    { model: 'vaegan', batches: 2, losses: ['discriminator', 'generator'] },
    { model: 'wgan', batches: 5, losses: ['critic', 'generator'] },
  ] as const;

  it.each(cases)(
    '$model trains, writes a loadable checkpoint and valid metrics',
    async ({ model, batches, losses }) => {
      const outDir = await tempDir();
      const seen: number[] = [];
      const result = await train({
        model,
        preset: 'tiny',
        epochs: 1,
        batchSize: 4,
        maxBatchesPerEpoch: batches,
        data: await samplePairs(),
        outDir,
        onBatch: (event) => seen.push(event.step),
      });
      expect(result.status).toBe('completed');
      expect(result.steps).toBe(batches);
      expect(seen).toEqual(Array.from({ length: batches }, (_, i) => i + 1));

      const paths = runPaths(outDir);
      const rows = await readMetrics(outDir);
      const batchRows = rows.filter((r) => r.type === 'batch');
      expect(batchRows.map((r) => r.step)).toEqual(seen);
      for (const row of batchRows) {
        for (const value of Object.values(row.losses)) expect(Number.isFinite(value)).toBe(true);
      }
      const logged = new Set(batchRows.flatMap((r) => Object.keys(r.losses)));
      expect([...logged].sort()).toEqual([...losses].sort());
      const epochRows = rows.filter((r): r is EpochMetrics => r.type === 'epoch');
      expect(epochRows).toHaveLength(1);
      expect(epochRows[0]!.samplesPerSecond).toBeGreaterThan(0);

      const loaded = await loadModel(paths.latest);
      expect(loaded.kind).toBe(model);
      expect(loaded.metadata).toHaveProperty('encoder.nMels', 28);
      // The typed record (what readers use) is written from the same encoder config as metadata.encoder.
      const manifest = JSON.parse(await readFile(join(paths.latest, 'ifa-model.json'), 'utf8'));
      expect(manifest.preprocessing).toEqual({ version: 1, encoder: loaded.metadata.encoder });
      expect(loaded.preprocessing).toEqual(manifest.preprocessing);
      const [a, b] = [await allWeights(loaded), await allWeights(result.model)];
      expect(a.length).toBe(b.length);
      a.forEach((w, i) => {
        expect(Array.from(w)).toEqual(Array.from(b[i]!));
      });
      loaded.dispose();
      result.model.dispose();

      expect(await isPng(paths.sample(1))).toBe(true);
      expect(await isPng(paths.lossChart)).toBe(true);
      expect((await stat(paths.checkpoint(1))).isDirectory()).toBe(true);
      const run = JSON.parse(await readFile(paths.runJson, 'utf8'));
      expect(run.options.model).toBe(model);
      expect(run.options.adam).toEqual({ beta1: 0, beta2: 0.9 });
      expect(run.backend.name).toBe('wasm');
      expect(run.encoder.nFrames).toBe(28);
    },
  );
});

describe('test losses and the reconstruction floor', () => {
  it('draws the sum-squared floor only for models whose reconstruction is a sum-squared error', () => {
    const applies = (kind: 'cvae' | 'vaegan' | 'wgan', preset: 'tiny' | 'recommended') => {
      const model = createModel(kind, preset);
      const result = floorApplies(model.config);
      model.dispose();
      return result;
    };
    expect(applies('cvae', 'tiny')).toBe(true);
    expect(applies('vaegan', 'tiny')).toBe(true);
    for (const kind of ['cvae', 'vaegan', 'wgan'] as const)
      expect(applies(kind, 'recommended'), kind).toBe(false);
  });

  it('evaluates every epoch on the test pairs, records the floor and draws both', async () => {
    const data = await samplePairs();
    const outDir = await tempDir();
    const heard: (Record<string, Record<string, number>> | null)[] = [];
    const result = await train({
      model: 'cvae',
      preset: 'tiny',
      epochs: 2,
      batchSize: 4,
      maxBatchesPerEpoch: 2,
      data,
      outDir,
      onEpoch: (event) => heard.push(event.testLosses),
    });
    result.model.dispose();

    const rows = await readMetrics(outDir);
    const tests = rows.filter((r): r is TestMetrics => r.type === 'test');
    expect(tests.map((r) => [r.epoch, r.step])).toEqual([
      [1, 2],
      [2, 4],
    ]);
    // Each test row comes just before its epoch row.
    expect(rows.map((r) => r.type).filter((t) => t !== 'batch')).toEqual(['test', 'epoch', 'test', 'epoch']);
    for (const row of tests) {
      expect(row).toMatchObject({ batchSize: 4, pairs: data.test.size, train: { pairs: data.train.size } });
      for (const losses of [row.losses, row.train.losses]) {
        expect(Object.keys(losses.vae!).sort()).toEqual(['kl', 'loss', 'reconstruction']);
        for (const value of Object.values(losses.vae!)) expect(Number.isFinite(value)).toBe(true);
      }
    }
    // Same pairs and noise each epoch: only the weights changed, so the losses did too.
    expect(tests[1]!.losses.vae!.reconstruction).not.toBe(tests[0]!.losses.vae!.reconstruction);
    expect(heard).toEqual(tests.map((r) => r.losses));

    const run = JSON.parse(await readFile(runPaths(outDir).runJson, 'utf8'));
    const floor = run.reconstructionFloor;
    expect(floor.batchSize).toBe(4);
    const expected = reconstructionFloor(data.train.images, { classWeights: data.train.audio }).perSample;
    expect(floor.train.perSample).toBeCloseTo(expected, 10);
    expect(floor.train.perBatch).toBeCloseTo(4 * expected, 8);
    expect(floor.train.pairing).toBe('random');
    expect(floor.test.perSample).toBeGreaterThan(0);
    expect(floor.train.perClass).toHaveLength(10);

    // What the chart draws from these rows: test and train points per epoch, both floors per batch.
    const points = rows.flatMap((r) => (r.type === 'batch' ? [{ step: r.step, losses: r.losses }] : []));
    const panels = lossChartPanels(points, {
      evaluations: evaluationSeries(tests),
      floors: floorLines(floor, tests),
    });
    expect(panels.map((p) => p.name)).toEqual(['vae', 'vae.kl', 'vae.reconstruction']);
    const reconstruction = panels[2]!.series;
    expect(reconstruction.map((s) => [s.kind, s.label])).toEqual([
      ['points', `test (${data.test.size} pairs, inference mode)`],
      ['points', `train (${data.train.size} pairs, inference mode)`],
      ['floor', `floor: class-mean SSE, test pool (4 x ${floor.test.perSample.toFixed(1)})`],
      ['floor', `floor: class-mean SSE, train pool (4 x ${floor.train.perSample.toFixed(1)})`],
    ]);
    expect(reconstruction[0]!.data.map((d) => d.x)).toEqual([2, 4]);
    expect(reconstruction[3]!.data).toEqual([
      { x: 1, y: floor.train.perBatch },
      { x: 4, y: floor.train.perBatch },
    ]);

    // One more panel per term: vae, vae.kl, vae.reconstruction (36 px title, 240 px panels).
    const png = await readFile(runPaths(outDir).lossChart);
    expect(png.readUInt32BE(16)).toBe(900);
    expect(png.readUInt32BE(20)).toBe(36 + 3 * 240);
  });

  it('testLossPairs: 0 turns it off; a negative count is refused', async () => {
    const data = await samplePairs();
    const outDir = await tempDir();
    const options = {
      model: 'cvae',
      preset: 'tiny',
      epochs: 1,
      batchSize: 4,
      maxBatchesPerEpoch: 1,
      data,
    } as const;
    const result = await train({ ...options, outDir, testLossPairs: 0 });
    result.model.dispose();
    expect((await readMetrics(outDir)).some((r) => r.type === 'test')).toBe(false);
    await expect(train({ ...options, outDir: await tempDir(), testLossPairs: -1 })).rejects.toThrow(
      /testLossPairs.*an integer >= 0/,
    );
  });
});

describe('train() run behaviour', () => {
  const base = { model: 'cgan', preset: 'tiny', batchSize: 2, maxBatchesPerEpoch: 2, seed: 7 } as const;

  it('keeps tf.memory().numTensors stable after epoch 1 (and prunes old checkpoints)', async () => {
    const result = await train({
      ...base,
      epochs: 3,
      maxBatchesPerEpoch: 1,
      keepCheckpoints: 2,
      data: await samplePairs(),
      outDir: await tempDir(),
    });
    expect((await readdir(runPaths(result.outDir).checkpoints)).sort()).toEqual([
      'epoch-002',
      'epoch-003',
      'latest',
    ]);
    const counts = (await readMetrics(result.outDir))
      .filter((r): r is EpochMetrics => r.type === 'epoch')
      .map((r) => r.numTensors);
    expect(counts).toHaveLength(3);
    expect(counts[2]).toBe(counts[1]);
    expect(counts[1]).toBe(counts[0]);
    result.model.dispose();
  });

  it('abort, resume mid-epoch and at an epoch boundary reach the weights of an uninterrupted run', async () => {
    const data = await samplePairs();
    const whole = await train({ ...base, epochs: 2, data, outDir: await tempDir() });
    expect(whole.steps).toBe(4);

    const outDir = await tempDir();
    // 1) Abort after the first step: the current step finishes and a mid-epoch checkpoint is written.
    const controller = new AbortController();
    const first = await train({
      ...base,
      epochs: 2,
      data,
      outDir,
      signal: controller.signal,
      onBatch: () => controller.abort(),
    });
    expect(first.status).toBe('aborted');
    first.model.dispose();
    const afterAbort = await readTrainerState(runPaths(outDir).latest);
    expect(afterAbort.state).toMatchObject({ epoch: 0, batchInEpoch: 1, step: 1 });
    expect(afterAbort.optimizers.map((o) => o.state.step)).toEqual([1, 1]);

    // 2) Resume and stop at the end of epoch 1, 3) resume again to the end.
    const second = await train({ ...base, epochs: 1, data, outDir, resume: true });
    expect(second).toMatchObject({ status: 'completed', epochsCompleted: 1, steps: 2 });
    second.model.dispose();
    const third = await train({ ...base, epochs: 2, data, outDir, resume: true });
    expect(third).toMatchObject({ status: 'completed', epochsCompleted: 2, steps: 4 });

    const [expected, actual] = [await allWeights(whole.model), await allWeights(third.model)];
    actual.forEach((w, i) => {
      const e = expected[i]!;
      for (let j = 0; j < w.length; j++)
        expect(Math.abs(w[j]! - e[j]!)).toBeLessThanOrEqual(1e-6 * (1 + Math.abs(e[j]!)));
    });
    // Same losses step by step, and no duplicated rows from the interrupted run.
    const losses = (rows: MetricsRow[]) =>
      rows.filter((r) => r.type === 'batch').map((r) => [r.step, r.losses]);
    expect(losses(await readMetrics(outDir))).toEqual(losses(await readMetrics(whole.outDir)));
    // The per-epoch test losses too (fixed pairs and noise), one row per epoch.
    const tests = (rows: MetricsRow[]) =>
      rows
        .filter((r): r is TestMetrics => r.type === 'test')
        .map((r) => [r.epoch, r.step, r.losses, r.train]);
    expect(tests(await readMetrics(outDir))).toEqual(tests(await readMetrics(whole.outDir)));
    whole.model.dispose();
    third.model.dispose();
  });

  it('stops on a NaN loss with a clear error and keeps the last good checkpoint', async () => {
    const outDir = await tempDir();
    const attempt = train({ ...base, epochs: 3, data: poisonFromEpoch(await samplePairs(), 1), outDir });
    await expect(attempt).rejects.toBeInstanceOf(NonFiniteLossError);
    await expect(attempt).rejects.toThrow(
      /became NaN at epoch 2, step 3.*last good checkpoint is kept at .*latest/,
    );
    const { state } = await readTrainerState(runPaths(outDir).latest);
    expect(state).toMatchObject({ epoch: 1, batchInEpoch: 0, step: 2 });
    const kept = await loadModel(runPaths(outDir).latest);
    for (const w of await allWeights(kept)) expect(w.every(Number.isFinite)).toBe(true);
    kept.dispose();
  });

  it('refuses to resume without a checkpoint or with different options', async () => {
    const data = await samplePairs();
    const outDir = await tempDir();
    await expect(train({ ...base, epochs: 1, data, outDir, resume: true })).rejects.toBeInstanceOf(
      CheckpointError,
    );
    const done = await train({ ...base, epochs: 1, maxBatchesPerEpoch: 1, data, outDir });
    done.model.dispose();
    await expect(
      train({ ...base, epochs: 2, maxBatchesPerEpoch: 1, batchSize: 3, data, outDir, resume: true }),
    ).rejects.toThrow(/batchSize was 2 in the checkpoint but is 3 now/);
    expect(JSON.parse(await readFile(join(outDir, 'run.json'), 'utf8')).options.batchSize).toBe(2);
  });
});
