import type { BackendPreference } from '@ifa/backends';
import { InvalidOptionError } from '@ifa/core';
import { MODEL_KINDS, type ModelKind, PRESET_NAMES, type PresetName } from '@ifa/models';
import {
  type DigitPairs,
  type FsddSplitScheme,
  type OnInvalid,
  type PairingStrategy,
  resolveAugmentation,
  type SpectrogramAugmentation,
} from '@ifa/paired-dataset';

export interface BatchEvent {
  /** 1-based epoch. */
  epoch: number;
  epochs: number;
  /** 1-based batch within the epoch. */
  batch: number;
  batchesPerEpoch: number;
  /** Batches trained since the start of the run (1-based after this batch). */
  step: number;
  batchSize: number;
  /** Loss of each optimizer that ran on this batch. */
  losses: Record<string, number>;
  /** Throughput since this process started training. */
  samplesPerSecond: number;
}

export interface EpochEvent {
  epoch: number;
  epochs: number;
  /** Mean of each loss over the epoch's batches. */
  losses: Record<string, number>;
  seconds: number;
  samplesPerSecond: number;
  checkpointDir: string;
  samplePath: string;
  lossChartPath: string;
  /** `tf.memory().numTensors` after the epoch's cleanup, to spot leaks. */
  numTensors: number;
  /**
   * Each phase's loss terms on the held-out test pairs after this epoch (the `test` row of metrics.jsonl);
   * null when `testLossPairs` is 0 or there are no test pairs.
   */
  testLosses: Record<string, Record<string, number>> | null;
}

export interface TrainOptions {
  model: ModelKind;
  /** Base preset. Default `'recommended'` (each kind's best measured recipe; see the README). */
  preset?: PresetName;
  /** Overrides on top of the preset (e.g. `{ reconstructionWeight: 0.5 }`). */
  config?: Record<string, unknown>;
  /** Total epochs of the run (a resumed run continues until this many are done). Default 10. */
  epochs?: number;
  /** Pairs per batch. Default: the recipe's ({@link recipeTraining}): 64 for cvae and vaegan `recommended`, else 32. */
  batchSize?: number;
  /** Adam learning rate. Default: the recipe's: 1e-3 for cvae and vaegan `recommended`, else 3e-4. */
  learningRate?: number;
  seed?: number;
  /** Data root with `fsdd/` and `mnist/`. Default: `resolveDataDir()` (IFA_DATA_DIR or the user cache). */
  dataDir?: string;
  split?: FsddSplitScheme;
  /**
   * How recordings meet images of their label: `'random'` (default), a fresh image every epoch, or
   * `'one-to-one'`, the original scripts' fixed pairing (the ablation in the README's "Why reconstruction
   * stalls"). Ignored when `data` is given (its pairing is used).
   */
  pairing?: PairingStrategy;
  /** The run folder. */
  outDir: string;
  /**
   * Continue from `outDir/checkpoints/latest`. Refused with a `CheckpointError` when the checkpoint was
   * trained with other options (model, preset, config, data, split, seed, batch size, learning rate,
   * batches per epoch) or its trainer state is damaged.
   */
  resume?: boolean;
  /**
   * Start afresh in an `outDir` that already holds a run, deleting its run files first (run.json,
   * image-pools.json, metrics.jsonl, losses.png, samples/, checkpoints/; other files stay). Without it
   * (and without `resume`) such a folder is refused with a `RunExistsError`. Not with `resume`.
   */
  overwrite?: boolean;
  /** When given, selects (and activates) this backend first; otherwise the current tfjs backend is used. */
  backend?: BackendPreference;
  /**
   * XNNPACK threads when `backend` selects wasm under Node: a count, or `'auto'` (default) for one per core.
   * 1 forces one thread. Ignored without `backend`, and by other backends.
   */
  threads?: number | 'auto';
  /** Stop an epoch after this many batches (quick runs, tests). Default: all batches. */
  maxBatchesPerEpoch?: number;
  /**
   * Losses are read back from the backend every this many batches, in one async read, so a GPU is not
   * stalled every step. Default 1 on CPU backends (nothing to stall), 10 elsewhere.
   */
  logEvery?: number;
  /**
   * Keep only the newest this many `checkpoints/epoch-NNN` folders (`latest` is always kept); a `seed`
   * CGAN checkpoint with its Adam moments is ~180 MB. Default: keep all.
   */
  keepCheckpoints?: number;
  /**
   * After every epoch, each objective's loss terms (`terms()`, inference mode, fixed noise) are evaluated
   * on this many held-out test pairs, and on as many training pairs, in batches of `batchSize`, and
   * written to metrics.jsonl as a `test` row and drawn in losses.png. 0 turns it off. Default 512.
   */
  testLossPairs?: number;
  /**
   * Training-time augmentation of the spectrograms (time and band shifts, speed, SpecAugment masks, noise;
   * see `SpectrogramAugmentation` in @ifa/paired-dataset): `true` for the defaults, or fields to override.
   * Each batch's augmentation is seeded by (seed, step), so a resumed run sees the same batches. Never
   * applied to test losses or evaluation. Default: off.
   */
  augment?: boolean | Partial<SpectrogramAugmentation>;
  /**
   * `'speaker'`: each speaker's spectrograms mapped, mel band by mel band, so that the speaker's band means
   * and deviations are the training set's (`normalise` of @ifa/paired-dataset's `loadDigitPairs`). Test and
   * held-out voices are normalised by their own recordings, and the model records the reference (its
   * `preprocessing.speakerNormalisation`) so that new voices can be normalised alike. MNIST x FSDD only.
   * Default `null` (none).
   */
  normalise?: 'speaker' | null;
  /** Folder for the on-disk spectrogram cache. Default: none (memory only). */
  cacheDir?: string;
  /**
   * Unreadable recordings in `dataDir`: `'throw'` (default) fails with one `InvalidAudioFilesError` naming
   * them, `'skip'` trains on the rest and reports each skipped file through `onMessage`.
   */
  onInvalid?: OnInvalid;
  /** Already loaded pairs (skips loading from `dataDir`); `dataDir` is then only recorded. */
  data?: DigitPairs;
  /**
   * Your own sounds and pictures instead of MNIST x FSDD: a folder holding `audio/<class>/*.wav` and
   * `images/<class>/*.{png,jpg}`, paired by class name (`loadPairsFolder` of @ifa/paired-dataset: split by
   * recording, general-sound spectrograms of 64 x 64, several windows per long training clip). The model's
   * input and image shape follow the data: 64 x 64 RGB images unless `config` sets `imageSize` /
   * `imageChannels`, and a class-conditioned model's `classCount` is the number of class folders. Not with
   * `dataDir`, `split` or `data`.
   */
  pairsDir?: string;
  /** With `pairsDir`: windows cut from each long training recording. Default: loadPairsFolder's (4). */
  cropsPerClip?: number;
  signal?: AbortSignal;
  onBatch?: (event: BatchEvent) => void;
  onEpoch?: (event: EpochEvent) => void;
  /** Progress messages (loading, backend choice). Default: silent. */
  onMessage?: (message: string) => void;
}

export interface ResolvedTrainOptions
  extends Required<
    Pick<TrainOptions, 'model' | 'preset' | 'epochs' | 'batchSize' | 'learningRate' | 'seed'>
  > {
  config: Record<string, unknown>;
  /**
   * Learning rates of phases that do not use `learningRate`, by phase name (the recipe's; see
   * {@link recipeTraining}). Empty for most recipes.
   */
  phaseLearningRates: Readonly<Record<string, number>>;
  split: FsddSplitScheme;
  pairing: PairingStrategy;
  outDir: string;
  resume: boolean;
  overwrite: boolean;
  maxBatchesPerEpoch: number | null;
  keepCheckpoints: number | null;
  testLossPairs: number;
  /** The resolved augmentation, or null when off. */
  augment: SpectrogramAugmentation | null;
  /** Per-speaker normalisation of the spectrograms, or null. */
  normalise: 'speaker' | null;
  /** The pairs folder trained on, or null for MNIST x FSDD. */
  pairsDir: string | null;
  /** Windows per long training recording of the pairs folder; null: the loader's default. */
  cropsPerClip: number | null;
}

export const TRAIN_DEFAULTS = {
  preset: 'recommended',
  epochs: 10,
  batchSize: 32,
  learningRate: 3e-4,
  seed: 0,
  split: 'standard',
  testLossPairs: 512,
} as const;

/** How a recipe trains: batch size, Adam learning rate, and the learning rates of particular phases. */
export interface RecipeTraining {
  batchSize: number;
  learningRate: number;
  /**
   * Phases (by name, as in `trainingSchedule`) that learn at their own rate whatever `learningRate` is:
   * the class WGAN-GP's audio classifier learns at the classifier rate of the class CVAE (1e-3) while the
   * WGAN-GP keeps its slower adversarial rate.
   */
  phaseLearningRates?: Readonly<Record<string, number>>;
}

/**
 * Batch size and learning rate a recipe was tuned with, where they differ from {@link TRAIN_DEFAULTS}
 * (whose 32 and 3e-4 are the original's). Explicit `batchSize` / `learningRate` options win;
 * `phaseLearningRates` always apply.
 */
export const RECIPE_TRAINING: Partial<Record<`${ModelKind}/${PresetName}`, RecipeTraining>> = {
  'cvae/recommended': { batchSize: 64, learningRate: 1e-3 },
  // The class CVAE's recipe, which the class VAE-GAN extends with its discriminator.
  'vaegan/recommended': { batchSize: 64, learningRate: 1e-3 },
  'wgan/recommended': { batchSize: 32, learningRate: 3e-4, phaseLearningRates: { classifier: 1e-3 } },
};

/** The batch size and learning rate `train()` uses for `model` at `preset` when the caller gives none. */
export function recipeTraining(model: ModelKind, preset: PresetName): RecipeTraining {
  return (
    RECIPE_TRAINING[`${model}/${preset}`] ?? {
      batchSize: TRAIN_DEFAULTS.batchSize,
      learningRate: TRAIN_DEFAULTS.learningRate,
    }
  );
}

function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  const resolved = value ?? fallback;
  if (!Number.isSafeInteger(resolved) || resolved <= 0) {
    throw new InvalidOptionError({ option: name, value: value, expected: 'a positive integer' });
  }
  return resolved;
}

function nonNegativeInteger(name: string, value: number | undefined, fallback: number): number {
  const resolved = value ?? fallback;
  if (!Number.isSafeInteger(resolved) || resolved < 0) {
    throw new InvalidOptionError({ option: name, value: value, expected: 'an integer >= 0' });
  }
  return resolved;
}

/** Every key `train()` takes; the `Record` makes the compiler keep it in step with {@link TrainOptions}. */
const TRAIN_OPTION_KEYS: Record<keyof TrainOptions, true> = {
  model: true,
  preset: true,
  config: true,
  epochs: true,
  batchSize: true,
  learningRate: true,
  seed: true,
  dataDir: true,
  split: true,
  pairing: true,
  outDir: true,
  resume: true,
  overwrite: true,
  backend: true,
  threads: true,
  maxBatchesPerEpoch: true,
  logEvery: true,
  keepCheckpoints: true,
  testLossPairs: true,
  augment: true,
  normalise: true,
  cacheDir: true,
  onInvalid: true,
  data: true,
  pairsDir: true,
  cropsPerClip: true,
  signal: true,
  onBatch: true,
  onEpoch: true,
  onMessage: true,
};

/** Edit distance (insertions, deletions, substitutions), case-insensitive. */
function editDistance(a: string, b: string): number {
  const [x, y] = [a.toLowerCase(), b.toLowerCase()];
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) {
      current[j] = Math.min(
        previous[j]! + 1,
        current[j - 1]! + 1,
        previous[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[y.length]!;
}

/** Throws an {@link InvalidOptionError} for a key `train()` does not know, naming the nearest one it does. */
export function checkOptionKeys(options: object): void {
  const known = Object.keys(TRAIN_OPTION_KEYS);
  for (const key of Object.keys(options)) {
    if (Object.hasOwn(TRAIN_OPTION_KEYS, key)) continue;
    const nearest = known.reduce((best, name) =>
      editDistance(key, name) < editDistance(key, best) ? name : best,
    );
    throw new InvalidOptionError(
      {
        option: key,
        value: (options as Record<string, unknown>)[key],
        expected: `one of the options train() takes (did you mean "${nearest}"?)`,
      },
      { hint: `train() takes: ${known.join(', ')}.` },
    );
  }
}

function resolvePairing(pairing: unknown): PairingStrategy {
  if (pairing === undefined) return 'random';
  if (pairing !== 'random' && pairing !== 'one-to-one') {
    throw new InvalidOptionError({ option: 'pairing', value: pairing, expected: "'random' or 'one-to-one'" });
  }
  return pairing;
}

/** Every default of `train()` resolved in one place, with one clear error per bad value. */
export function resolveTrainOptions(options: TrainOptions): ResolvedTrainOptions {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidOptionError({ option: 'options', value: options, expected: 'an options object' });
  }
  checkOptionKeys(options);
  if (!MODEL_KINDS.includes(options.model)) {
    throw new InvalidOptionError({
      option: 'model',
      value: options.model,
      expected: `one of ${MODEL_KINDS.join(', ')}`,
    });
  }
  const preset = options.preset ?? TRAIN_DEFAULTS.preset;
  if (!PRESET_NAMES.includes(preset))
    throw new InvalidOptionError({
      option: 'preset',
      value: preset,
      expected: `one of ${PRESET_NAMES.join(', ')}`,
    });
  const recipe = recipeTraining(options.model, preset);
  const learningRate = options.learningRate ?? recipe.learningRate;
  if (!Number.isFinite(learningRate) || learningRate <= 0) {
    throw new InvalidOptionError({
      option: 'learningRate',
      value: learningRate,
      expected: 'a positive number',
    });
  }
  const seed = options.seed ?? TRAIN_DEFAULTS.seed;
  if (!Number.isSafeInteger(seed) || seed < 0)
    throw new InvalidOptionError({ option: 'seed', value: seed, expected: 'an integer >= 0' });
  if (typeof options.outDir !== 'string' || options.outDir === '') {
    throw new InvalidOptionError({
      option: 'outDir',
      value: options.outDir,
      expected: 'a folder path for the run',
    });
  }
  if (options.pairsDir !== undefined) {
    if (typeof options.pairsDir !== 'string' || options.pairsDir === '') {
      throw new InvalidOptionError({
        option: 'pairsDir',
        value: options.pairsDir,
        expected: 'a folder holding audio/<class>/*.wav and images/<class>/*.png|jpg',
      });
    }
    for (const other of ['dataDir', 'split', 'data'] as const) {
      if (options[other] !== undefined) {
        throw new InvalidOptionError({
          option: other,
          value: other === 'data' ? '(loaded pairs)' : options[other],
          expected: 'unset when pairsDir is given (the pairs folder is the data and carries its own split)',
        });
      }
    }
  }
  if (options.cropsPerClip !== undefined && options.pairsDir === undefined) {
    throw new InvalidOptionError({
      option: 'cropsPerClip',
      value: options.cropsPerClip,
      expected: 'unset unless pairsDir is given (it cuts long recordings of a pairs folder into windows)',
    });
  }
  if (options.resume && options.overwrite) {
    throw new InvalidOptionError({
      option: 'overwrite',
      value: true,
      expected: 'not together with resume (resume continues the run in outDir; overwrite deletes it)',
    });
  }
  return {
    model: options.model,
    preset,
    config: { ...options.config, preset },
    phaseLearningRates: { ...recipe.phaseLearningRates },
    epochs: positiveInteger('epochs', options.epochs, TRAIN_DEFAULTS.epochs),
    batchSize: positiveInteger('batchSize', options.batchSize, recipe.batchSize),
    learningRate,
    seed,
    split: options.split ?? TRAIN_DEFAULTS.split,
    pairing: resolvePairing(options.pairing),
    outDir: options.outDir,
    resume: options.resume ?? false,
    overwrite: options.overwrite ?? false,
    maxBatchesPerEpoch:
      options.maxBatchesPerEpoch === undefined
        ? null
        : positiveInteger('maxBatchesPerEpoch', options.maxBatchesPerEpoch, 1),
    keepCheckpoints:
      options.keepCheckpoints === undefined
        ? null
        : positiveInteger('keepCheckpoints', options.keepCheckpoints, 1),
    testLossPairs: nonNegativeInteger('testLossPairs', options.testLossPairs, TRAIN_DEFAULTS.testLossPairs),
    augment:
      options.augment === undefined || options.augment === false
        ? null
        : resolveAugmentation(options.augment),
    normalise: resolveNormalise(options),
    pairsDir: options.pairsDir ?? null,
    cropsPerClip:
      options.cropsPerClip === undefined ? null : positiveInteger('cropsPerClip', options.cropsPerClip, 1),
  };
}

function resolveNormalise(options: TrainOptions): 'speaker' | null {
  const normalise = options.normalise ?? null;
  if (normalise !== null && normalise !== 'speaker') {
    throw new InvalidOptionError({ option: 'normalise', value: normalise, expected: "'speaker' or null" });
  }
  if (normalise !== null && (options.pairsDir !== undefined || options.data !== undefined)) {
    throw new InvalidOptionError({
      option: 'normalise',
      value: normalise,
      expected:
        options.pairsDir !== undefined
          ? 'unset with pairsDir: a pairs folder has no speakers'
          : "unset with data: load the data with loadDigitPairs({ normalise: 'speaker' }) instead",
    });
  }
  return normalise;
}
