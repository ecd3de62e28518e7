/**
 * "No run is ever lost": a run folder is never overwritten by accident, a resume never continues with
 * different options or data, a damaged trainer state is named, and a crash while `latest` was being
 * replaced is recovered on the next start.
 */
import { cp, mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadModel } from '@ifa/models';
import { type DigitPairs, PairedDataset, pairByLabel } from '@ifa/paired-dataset';
import { beforeAll, describe, expect, it } from 'vitest';
import { readTrainerState } from '../src/checkpoint';
import { CheckpointError } from '../src/errors';
import { runPaths } from '../src/run-folder';
import { readMetrics, type TrainOptions, train } from '../src/training';
import { samplePairs, tempDir, useTestBackend } from './helpers';

beforeAll(async () => {
  await useTestBackend();
});

const base = { model: 'cgan', preset: 'tiny', batchSize: 2, maxBatchesPerEpoch: 1, seed: 3 } as const;

/** A pid no process has (above Linux's pid_max), as in a leftover from a process that died. */
const DEAD_PID = 99_999_999;

async function run(options: Omit<TrainOptions, 'model'> & Partial<Pick<TrainOptions, 'model'>>) {
  const result = await train({ ...base, ...options } as TrainOptions);
  result.model.dispose();
  return result;
}

/** The same recordings and images paired with another seed: same counts, different content. */
function repaired(pairs: DigitPairs, seed: number): DigitPairs {
  const { audio, images } = pairs.train;
  return {
    ...pairs,
    train: new PairedDataset({ audio, images, pairing: pairByLabel(audio, images, { seed }) }),
  };
}

describe('a folder that already holds a run', () => {
  it('is refused without resume, naming --resume, a new --out and --overwrite; overwrite starts afresh', async () => {
    const data = await samplePairs();
    const outDir = await tempDir();
    await run({ epochs: 2, data, outDir });
    const runJson = await readFile(runPaths(outDir).runJson, 'utf8');

    const again = train({ ...base, epochs: 1, data, outDir });
    await expect(again).rejects.toMatchObject({ name: 'RunExistsError', code: 'IFA_RUN_EXISTS' });
    await expect(again).rejects.toThrow(/--resume.*--out.*--overwrite/s);
    expect(await readFile(runPaths(outDir).runJson, 'utf8')).toBe(runJson);

    await expect(train({ ...base, epochs: 1, data, outDir, resume: true, overwrite: true })).rejects.toThrow(
      /resume.*overwrite/,
    );

    const fresh = await run({ epochs: 1, data, outDir, overwrite: true });
    expect(fresh.steps).toBe(1);
    expect((await readdir(runPaths(outDir).checkpoints)).sort()).toEqual(['epoch-001', 'latest']);
    expect((await readMetrics(outDir)).filter((r) => r.type === 'batch').map((r) => r.step)).toEqual([1]);
  });

  it('a folder with other files but no run is used as it is', async () => {
    const outDir = await tempDir();
    await writeFile(join(outDir, 'notes.txt'), 'mine');
    await run({ epochs: 1, data: await samplePairs(), outDir });
    expect(await readFile(join(outDir, 'notes.txt'), 'utf8')).toBe('mine');
  });
});

describe('resume refuses a different run', () => {
  const changes: [string, Partial<TrainOptions>, RegExp][] = [
    ['preset', { preset: 'small' }, /preset was "tiny" in the checkpoint but is "small" now/],
    [
      'config',
      { config: { reconstructionWeight: 0.5 } },
      /config\.reconstructionWeight was 1 .* is 0\.5 now/,
    ],
    [
      'split',
      { split: { heldOutSpeakers: ['theo'] } },
      /split was "standard" in the checkpoint but is \{"heldOutSpeakers":\["theo"\]\} now/,
    ],
    ['seed', { seed: 4 }, /seed was 3 in the checkpoint but is 4 now/],
    ['batch size', { batchSize: 3 }, /batchSize was 2 in the checkpoint but is 3 now/],
    ['learning rate', { learningRate: 1e-3 }, /learningRate was 0\.0003 in the checkpoint but is 0\.001 now/],
  ];
  let outDir: string;
  let runJson: string;
  beforeAll(async () => {
    outDir = await tempDir();
    await run({ epochs: 1, data: await samplePairs(), outDir });
    runJson = await readFile(runPaths(outDir).runJson, 'utf8');
  });

  it.each(changes)('a different %s', async (_, change, message) => {
    const attempt = train({ ...base, epochs: 1, data: await samplePairs(), outDir, resume: true, ...change });
    await expect(attempt).rejects.toBeInstanceOf(CheckpointError);
    await expect(attempt).rejects.toThrow(message);
    expect(await readFile(runPaths(outDir).runJson, 'utf8')).toBe(runJson);
  });

  it('different data (same counts, other pairs)', async () => {
    const attempt = train({
      ...base,
      epochs: 1,
      data: repaired(await samplePairs(), 11),
      outDir,
      resume: true,
    });
    await expect(attempt).rejects.toBeInstanceOf(CheckpointError);
    await expect(attempt).rejects.toThrow(/data was .*20 training.* but is .*20 training.*now/);
    expect(await readFile(runPaths(outDir).runJson, 'utf8')).toBe(runJson);
  });

  it('a checkpoint written before preset and data were recorded resumes with a warning', async () => {
    const dir = await tempDir();
    await run({ epochs: 1, data: await samplePairs(), outDir: dir });
    const statePath = join(runPaths(dir).latest, 'trainer', 'state.json');
    const state = JSON.parse(await readFile(statePath, 'utf8'));
    delete state.fingerprint.preset;
    delete state.fingerprint.data;
    await writeFile(statePath, JSON.stringify(state));
    const messages: string[] = [];
    const resumed = await run({
      epochs: 2,
      data: await samplePairs(),
      outDir: dir,
      resume: true,
      onMessage: (m) => messages.push(m),
    });
    expect(resumed.steps).toBe(2);
    expect(messages.join('\n')).toMatch(/older @ifa\/train.*not checked: preset, data/);
  });
});

describe('a damaged trainer state is named', () => {
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ['a negative step', { step: -1 }, /state\.json.*"step" must be a non-negative integer, got -1/],
    ['a fractional epoch', { epoch: 1.5 }, /state\.json.*"epoch" must be a non-negative integer, got 1\.5/],
    [
      'a missing batchInEpoch',
      { batchInEpoch: undefined },
      /state\.json.*"batchInEpoch" must be a non-negative/,
    ],
    [
      'a batch past the epoch',
      { batchInEpoch: 5 },
      /state\.json.*"batchInEpoch" is 5 but an epoch has 1 batch/,
    ],
    ['a step out of line', { step: 7 }, /state\.json.*"step" is 7 but epoch 1, batch 0 means step 1/],
    ['an optimizer step out of line', { optimizers: 'step 9' }, /state\.json.*"optimizers\[0\]\.step" is 9/],
  ];

  it.each(cases)('%s', async (_, patch, message) => {
    const outDir = await tempDir();
    await run({ epochs: 1, data: await samplePairs(), outDir });
    const statePath = join(runPaths(outDir).latest, 'trainer', 'state.json');
    const state = JSON.parse(await readFile(statePath, 'utf8'));
    for (const [key, value] of Object.entries(patch)) {
      if (key === 'optimizers') state.optimizers[0].step = 9;
      else state[key] = value;
    }
    await writeFile(statePath, JSON.stringify(state));
    const runJson = await readFile(runPaths(outDir).runJson, 'utf8');
    const attempt = train({ ...base, epochs: 1, data: await samplePairs(), outDir, resume: true });
    await expect(attempt).rejects.toBeInstanceOf(CheckpointError);
    await expect(attempt).rejects.toThrow(message);
    expect(await readFile(runPaths(outDir).runJson, 'utf8')).toBe(runJson);
  });
});

describe('a crash while checkpoints/latest was replaced', () => {
  async function crashedRun(): Promise<{ outDir: string }> {
    const outDir = await tempDir();
    await run({ epochs: 1, data: await samplePairs(), outDir });
    const paths = runPaths(outDir);
    // What atomicWriteDir leaves when the process dies between moving `latest` aside and moving the new
    // copy in: `.latest.old-<pid>-<hex>` and no `latest`.
    const leftover = join(paths.checkpoints, `.latest.old-${DEAD_PID}-0badc0de`);
    await rename(paths.latest, leftover);
    return { outDir };
  }

  it('resume restores the complete leftover copy and says so', async () => {
    const { outDir } = await crashedRun();
    const messages: string[] = [];
    const resumed = await run({
      epochs: 2,
      data: await samplePairs(),
      outDir,
      resume: true,
      onMessage: (m) => messages.push(m),
    });
    expect(resumed.steps).toBe(2);
    expect(messages.join('\n')).toMatch(/restored checkpoints\/latest from \.latest\.old-99999999-0badc0de/);
    expect((await readdir(runPaths(outDir).checkpoints)).sort()).toEqual([
      'epoch-001',
      'epoch-002',
      'latest',
    ]);
  });

  it('a start without resume also restores it before refusing to overwrite the run', async () => {
    const { outDir } = await crashedRun();
    await expect(train({ ...base, epochs: 1, data: await samplePairs(), outDir })).rejects.toMatchObject({
      name: 'RunExistsError',
    });
    const { state } = await readTrainerState(runPaths(outDir).latest);
    expect(state).toMatchObject({ epoch: 1, step: 1 });
    const model = await loadModel(runPaths(outDir).latest);
    model.dispose();
  });

  it('restores the newest complete copy, never an incomplete one, and clears the leftovers', async () => {
    const outDir = await tempDir();
    await run({ epochs: 2, data: await samplePairs(), outDir });
    const paths = runPaths(outDir);
    // Died between the two renames while copying epoch 2 to latest: the old latest (epoch 1) was moved
    // aside and the complete new copy (epoch 2) is still in its temp folder. A third, incomplete temp
    // folder (no trainer state) is what dying while filling one leaves.
    await rename(paths.latest, join(paths.checkpoints, `.latest.tmp-${DEAD_PID}-00000002`));
    await cp(paths.checkpoint(1), join(paths.checkpoints, `.latest.old-${DEAD_PID}-00000001`), {
      recursive: true,
    });
    await mkdir(join(paths.checkpoints, `.latest.tmp-${DEAD_PID}-00000003`, 'generator'), {
      recursive: true,
    });
    const messages: string[] = [];
    const resumed = await run({
      epochs: 2,
      data: await samplePairs(),
      outDir,
      resume: true,
      onMessage: (m) => messages.push(m),
    });
    expect(resumed.steps).toBe(2);
    expect(messages.join('\n')).toMatch(/restored checkpoints\/latest from \.latest\.tmp-99999999-00000002/);
    expect((await readdir(paths.checkpoints)).sort()).toEqual(['epoch-001', 'epoch-002', 'latest']);
    expect((await readTrainerState(paths.latest)).state).toMatchObject({ epoch: 2, step: 2 });
  });
});

describe('train() options', () => {
  it('rejects an unknown option, naming it and the nearest valid one', async () => {
    const attempt = train({
      ...base,
      epochz: 1,
      data: await samplePairs(),
      outDir: await tempDir(),
    } as never);
    await expect(attempt).rejects.toMatchObject({ name: 'InvalidOptionError', option: 'epochz' });
    await expect(attempt).rejects.toThrow(/epochz.*did you mean "epochs"/);
  });
});
