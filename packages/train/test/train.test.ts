import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { loadModel } from '@ifa/models';
import { beforeAll, describe, expect, it } from 'vitest';
import { readTrainerState } from '../src/checkpoint';
import { CheckpointError, NonFiniteLossError } from '../src/errors';
import { runPaths } from '../src/run-folder';
import { type EpochMetrics, type MetricsRow, readMetrics, train } from '../src/training';
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
