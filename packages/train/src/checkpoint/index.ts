import { cp, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { atomicWriteDir, recoverAtomicDir } from '@ifa/core/node';
import { type IfaModel, type JsonObject, loadModel, type ModelPreprocessing, saveModel } from '@ifa/models';
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

/** Which pairs a run trains on, independent of where the data folder lives. */
export interface DataIdentity {
  /** Training and test pairs. */
  train: number;
  test: number;
  imagePolicy: string;
  /**
   * `sha256:` + hex of the recordings (ids, labels), the encoder config, the image pools (sizes, labels,
   * source indices) and the pairing (strategy, seed, epoch-0 targets).
   */
  content: string;
}

/** What must match between a checkpoint and a resumed run for the result to equal an uninterrupted one. */
export interface RunFingerprint {
  model: string;
  /** Absent in checkpoints of @ifa/train before the preset and data were recorded. */
  preset?: string;
  /** The resolved model config the options ask for (not the checkpoint's own). */
  config: unknown;
  /** Absent in checkpoints of @ifa/train before the preset and data were recorded. */
  data?: DataIdentity;
  batchSize: number;
  seed: number;
  learningRate: number;
  split: unknown;
  maxBatchesPerEpoch: number | null;
  /** The resolved spectrogram augmentation, null when off; absent in checkpoints from before it existed. */
  augment?: unknown;
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
  /** Stored in the model's `ifa-model.json` metadata slot (run info; `encoder` for older readers). */
  metadata: JsonObject;
  /** Stored as the model's typed `preprocessing` record (the encoder config it is trained with). */
  preprocessing?: ModelPreprocessing | null;
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
    await saveModel(model, temp, {
      metadata: contents.metadata,
      ...(contents.preprocessing !== undefined && { preprocessing: contents.preprocessing }),
    });
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
    await stat(trainerStatePath(dir));
    return true;
  } catch {
    return false;
  }
}

/** The path of a checkpoint's trainer state file. */
export function trainerStatePath(dir: string): string {
  return join(dir, TRAINER_DIR, STATE_FILE);
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** Checks the shape of a parsed state.json; a bad field is a {@link CheckpointError} naming file and field. */
function validateTrainerState(raw: unknown, statePath: string): TrainerState {
  const fail = (problem: string): never => {
    throw new CheckpointError(statePath, `${problem}; the trainer state is damaged.`);
  };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail('is not a JSON object');
  const state = raw as Record<string, unknown>;
  if (state.format !== TRAINER_STATE_FORMAT) {
    throw new CheckpointError(
      statePath,
      `trainer state format ${JSON.stringify(state.format)} is not supported (this @ifa/train reads ${TRAINER_STATE_FORMAT}).`,
    );
  }
  for (const field of ['epoch', 'batchInEpoch', 'step'] as const) {
    if (!isCount(state[field])) {
      fail(`"${field}" must be a non-negative integer, got ${JSON.stringify(state[field]) ?? 'nothing'}`);
    }
  }
  const fingerprint = state.fingerprint;
  if (typeof fingerprint !== 'object' || fingerprint === null || Array.isArray(fingerprint)) {
    fail('"fingerprint" must be an object');
  }
  if (!Array.isArray(state.optimizers) || state.optimizers.length === 0) {
    fail('"optimizers" must be a non-empty list');
  }
  (state.optimizers as unknown[]).forEach((entry, i) => {
    const o = (entry ?? {}) as Record<string, unknown>;
    if (typeof o.name !== 'string' || !/^[\w-]+$/.test(o.name))
      fail(`"optimizers[${i}].name" must be a name`);
    if (!isCount(o.step)) {
      fail(
        `"optimizers[${i}].step" must be a non-negative integer, got ${JSON.stringify(o.step) ?? 'nothing'}`,
      );
    }
    if (!Array.isArray(o.sizes) || !o.sizes.every(isCount)) {
      fail(`"optimizers[${i}].sizes" must be a list of non-negative integers`);
    }
  });
  return state as unknown as TrainerState;
}

/**
 * Reads the trainer side of a checkpoint (position, fingerprint, optimizer moments), checking every field
 * of state.json and the size of every optimizer file.
 */
export async function readTrainerState(
  dir: string,
): Promise<{ state: TrainerState; optimizers: { name: string; state: AdamState }[] }> {
  const statePath = trainerStatePath(dir);
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(statePath, 'utf8'));
  } catch (error) {
    throw new CheckpointError(dir, `cannot read ${statePath}; it is not a complete @ifa/train checkpoint.`, {
      cause: error,
    });
  }
  const state = validateTrainerState(parsed, statePath);
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

/** Whether `dir` is a whole checkpoint: its trainer state and optimizer files read, and its model loads. */
export async function isCompleteCheckpoint(dir: string): Promise<boolean> {
  try {
    await readTrainerState(dir);
    (await loadModel(dir)).dispose();
    return true;
  } catch {
    return false;
  }
}

/**
 * Repairs what a crash while a checkpoint folder was being replaced left in `checkpointsDir` (see
 * `recoverAtomicDir` in @ifa/core/node): a missing folder is restored from its newest whole leftover copy,
 * stale leftovers are deleted. Returns one line per folder restored.
 */
export async function recoverCheckpoints(checkpointsDir: string): Promise<string[]> {
  const names = new Set<string>();
  for (const entry of await readdir(checkpointsDir).catch(() => [] as string[])) {
    const match = /^\.(.+)\.(?:tmp|old)-\d+-[0-9a-f]+$/.exec(entry);
    if (match) names.add(match[1]!);
  }
  const messages: string[] = [];
  for (const name of [...names].sort()) {
    const { restored } = await recoverAtomicDir(join(checkpointsDir, name), {
      isComplete: isCompleteCheckpoint,
      // The newest position wins: a complete temp copy is the checkpoint that was about to move in.
      rank: async (dir, leftover) =>
        (await readTrainerState(dir)).state.step * 2 + Number(leftover.kind === 'tmp'),
    });
    if (restored) {
      messages.push(
        `restored checkpoints/${name} from ${basename(restored.path)} (a run stopped while replacing it)`,
      );
    }
  }
  return messages;
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
