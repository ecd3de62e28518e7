import { cp, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { atomicWriteDir } from '@ifa/core/node';
import { type IfaModel, type JsonObject, loadModel, saveModel } from '@ifa/models';
import { CheckpointError } from '../errors';
import type { AdamState } from '../optimizer';

/** Bumped when the trainer state layout changes; older readers refuse newer checkpoints. */
export const TRAINER_STATE_FORMAT = 1;

/** Where training stands, enough to continue exactly where it stopped. */
export interface TrainerPosition {
  /** 0-based epoch being trained (equal to the number of finished epochs at an epoch boundary). */
  epoch: number;
  /** Batches of `epoch` already trained. */
  batchInEpoch: number;
  /** Batches trained since the start of the run. */
  step: number;
}

/** What must match between a checkpoint and a resumed run for the result to equal an uninterrupted one. */
export interface RunFingerprint {
  model: string;
  config: unknown;
  batchSize: number;
  seed: number;
  learningRate: number;
  split: unknown;
  maxBatchesPerEpoch: number | null;
}

export interface TrainerState extends TrainerPosition {
  format: number;
  fingerprint: RunFingerprint;
  optimizers: { name: string; step: number; sizes: number[] }[];
}

export interface CheckpointContents {
  position: TrainerPosition;
  fingerprint: RunFingerprint;
  optimizers: { name: string; state: AdamState }[];
  /** Stored in the model's `ifa-model.json` metadata slot (encoder config, run info). */
  metadata: JsonObject;
}

const TRAINER_DIR = 'trainer';
const STATE_FILE = 'state.json';

function optimizerFile(name: string): string {
  return `optimizer-${name}.bin`;
}

/** Writes model + optimizer + position into `dir` atomically (a temp folder renamed into place). */
export async function writeCheckpoint(
  dir: string,
  model: IfaModel,
  contents: CheckpointContents,
): Promise<void> {
  await atomicWriteDir(dir, async (temp) => {
    await saveModel(model, temp, { metadata: contents.metadata });
    const trainerDir = join(temp, TRAINER_DIR);
    await mkdir(trainerDir, { recursive: true });
    for (const { name, state } of contents.optimizers) {
      const arrays = [...state.firstMoments, ...state.secondMoments];
      const total = arrays.reduce((n, a) => n + a.length, 0);
      const flat = new Float32Array(total);
      let offset = 0;
      for (const a of arrays) {
        flat.set(a, offset);
        offset += a.length;
      }
      await writeFile(join(trainerDir, optimizerFile(name)), new Uint8Array(flat.buffer));
    }
    const state: TrainerState = {
      format: TRAINER_STATE_FORMAT,
      ...contents.position,
      fingerprint: contents.fingerprint,
      optimizers: contents.optimizers.map(({ name, state: s }) => ({
        name,
        step: s.step,
        sizes: s.firstMoments.map((a) => a.length),
      })),
    };
    await writeFile(join(trainerDir, STATE_FILE), `${JSON.stringify(state, null, 2)}\n`);
  });
}

/** Copies a finished checkpoint folder to `target` (e.g. `latest`), atomically. */
export async function copyCheckpoint(source: string, target: string): Promise<void> {
  await atomicWriteDir(target, (temp) => cp(source, temp, { recursive: true }));
}

export async function checkpointExists(dir: string): Promise<boolean> {
  try {
    await stat(join(dir, TRAINER_DIR, STATE_FILE));
    return true;
  } catch {
    return false;
  }
}

/** Reads the trainer side of a checkpoint (position, fingerprint, optimizer moments). */
export async function readTrainerState(
  dir: string,
): Promise<{ state: TrainerState; optimizers: { name: string; state: AdamState }[] }> {
  const statePath = join(dir, TRAINER_DIR, STATE_FILE);
  let state: TrainerState;
  try {
    state = JSON.parse(await readFile(statePath, 'utf8')) as TrainerState;
  } catch (error) {
    throw new CheckpointError(dir, `cannot read ${statePath}; it is not a complete @ifa/train checkpoint.`, {
      cause: error,
    });
  }
  if (state.format !== TRAINER_STATE_FORMAT) {
    throw new CheckpointError(
      dir,
      `trainer state format ${state.format} is not supported (this @ifa/train reads ${TRAINER_STATE_FORMAT}).`,
    );
  }
  const optimizers: { name: string; state: AdamState }[] = [];
  for (const entry of state.optimizers) {
    const path = join(dir, TRAINER_DIR, optimizerFile(entry.name));
    const bytes = await readFile(path).catch((error: unknown) => {
      throw new CheckpointError(dir, `optimizer state ${path} is missing.`, { cause: error });
    });
    const expected = entry.sizes.reduce((a, b) => a + b, 0) * 2;
    if (bytes.byteLength !== expected * 4) {
      throw new CheckpointError(dir, `${path} has ${bytes.byteLength} bytes, expected ${expected * 4}.`);
    }
    const flat = new Float32Array(new Uint8Array(bytes).buffer);
    const firstMoments: Float32Array[] = [];
    const secondMoments: Float32Array[] = [];
    let offset = 0;
    for (const target of [firstMoments, secondMoments]) {
      for (const size of entry.sizes) {
        target.push(flat.slice(offset, offset + size));
        offset += size;
      }
    }
    optimizers.push({ name: entry.name, state: { step: entry.step, firstMoments, secondMoments } });
  }
  return { state, optimizers };
}

/** Loads the model of a checkpoint (or any `saveModel` folder). */
export async function readCheckpointModel(dir: string): Promise<IfaModel> {
  return loadModel(dir);
}

/** Removes all but the newest `keep` `epoch-NNN` folders in `checkpointsDir`; returns the removed names. */
export async function pruneEpochCheckpoints(checkpointsDir: string, keep: number): Promise<string[]> {
  const epochs = (await readdir(checkpointsDir))
    .filter((name) => /^epoch-\d+$/.test(name))
    .sort((a, b) => Number(a.slice(6)) - Number(b.slice(6)));
  const removed = epochs.slice(0, Math.max(0, epochs.length - keep));
  for (const name of removed) await rm(join(checkpointsDir, name), { recursive: true, force: true });
  return removed;
}
