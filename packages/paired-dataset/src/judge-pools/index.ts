import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { type DigitPairs, type ImagePools, loadDigitPairs } from '../digits';
import type { AudioRecord, LoadWarning, OnInvalid } from '../fsdd';
import { type ImageSet, loadMnist, MNIST_FILES } from '../mnist';
import type { PairingStrategy } from '../pairing';
import type { EncodeProgress, SpectrogramCache } from '../spectrogram-cache';
import { type FsddSplitScheme, type ImageSubset, selectImages, splitImageSet } from '../split';

/**
 * Where the judge's images come from. The judge must never see an image a generator was trained toward,
 * or a generator that memorised its targets would be flattered by a judge that memorised them too.
 * - `'mnist-train'`: the full download is present. The judge trains on (a stratified subset of) MNIST's
 *   60,000 training images and is scored on the held-apart share of them (the choice).
 * - `'t10k-held-apart'`: only t10k exists. It is split once (stratified, seed {@link JUDGE_POOL_SEED})
 *   into a judge share ({@link JUDGE_T10K_FRACTION}) and a generator share; generators trained by
 *   `loadGeneratorDigitPairs` (the comparison script) draw their train and test pairing targets only from
 *   the generator share.
 */
export type JudgeImagePolicy = 'mnist-train' | 't10k-held-apart';

/** Share of t10k reserved for the judge when only t10k exists. */
export const JUDGE_T10K_FRACTION = 0.6;
/** Seed of the judge / generator split of t10k (fixed, so every run agrees on which images are whose). */
export const JUDGE_POOL_SEED = 20_21;
/** Share of the judge's images kept out of its training to measure its accuracy. */
export const JUDGE_HELD_OUT_FRACTION = 1 / 6;
/** Cap on judge training images with the full download, keeping CPU training to a few minutes. */
export const JUDGE_MAX_TRAIN_IMAGES = 10_000;

export interface JudgeImages {
  policy: JudgeImagePolicy;
  train: ImageSubset;
  heldOut: ImageSubset;
}

async function exists(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null)) !== null;
}

/** The disjoint t10k shares: `judge` for the classifier, `generator` for pairing targets. */
export function splitT10kForJudge(t10k: ImageSet): { judge: ImageSubset; generator: ImageSubset } {
  const { train: generator, test: judge } = splitImageSet(t10k, {
    testFraction: JUDGE_T10K_FRACTION,
    seed: JUDGE_POOL_SEED,
  });
  return { judge, generator };
}

/** Takes every `step`-th image per label so a capped subset stays stratified. */
function capStratified(set: ImageSubset | ImageSet, max: number): number[] {
  const all = Array.from({ length: set.count }, (_, i) => i);
  if (set.count <= max) return all;
  const keep = max / set.count;
  const seen = new Map<number, number>();
  return all.filter((i) => {
    const label = set.labels[i]!;
    const n = seen.get(label) ?? 0;
    seen.set(label, n + 1);
    return Math.floor((n + 1) * keep) > Math.floor(n * keep);
  });
}

/** Whether the data folder holds MNIST's training images (`mnist/` inside `dir`, or `dir`). */
async function hasMnistTrain(dir: string): Promise<boolean> {
  const mnistDir = (await exists(join(dir, 'mnist'))) ? join(dir, 'mnist') : dir;
  return exists(join(mnistDir, MNIST_FILES.train.images));
}

/** The judge's images drawn from MNIST's full training set (policy `'mnist-train'`). */
function judgeImagesFromTrain(full: ImageSet): JudgeImages {
  const subset = selectImages(
    full,
    capStratified(full, Math.round(JUDGE_MAX_TRAIN_IMAGES / (1 - JUDGE_HELD_OUT_FRACTION))),
  );
  const { train, test } = splitImageSet(subset, {
    testFraction: JUDGE_HELD_OUT_FRACTION,
    seed: JUDGE_POOL_SEED,
  });
  // Point sourceIndices at the full training set, so callers can exclude exactly these images.
  for (const set of [train, test]) set.sourceIndices = set.sourceIndices.map((i) => subset.sourceIndices[i]!);
  return { policy: 'mnist-train', train, heldOut: test };
}

/** The judge's images drawn from its share of t10k (policy `'t10k-held-apart'`). */
function judgeImagesFromT10k(t10k: ImageSet): JudgeImages {
  const { judge } = splitT10kForJudge(t10k);
  const { train, test } = splitImageSet(judge, {
    testFraction: JUDGE_HELD_OUT_FRACTION,
    seed: JUDGE_POOL_SEED,
  });
  return { policy: 't10k-held-apart', train, heldOut: test };
}

/** Loads the judge's training and held-out images from a data folder (`mnist/` inside `dir`, or `dir`). */
export async function loadJudgeImages(dir: string): Promise<JudgeImages> {
  if (await hasMnistTrain(dir)) return judgeImagesFromTrain(await loadMnist({ dir, split: 'train' }));
  return judgeImagesFromT10k(await loadMnist({ dir, split: 'test' }));
}

export interface GeneratorDigitPairsOptions {
  dir: string;
  split?: FsddSplitScheme;
  /** Seeds the random pairing. Default 0. */
  seed?: number;
  /**
   * `'random'` (default): a fresh same-label image for every recording each epoch. `'one-to-one'`: the
   * original scripts' pairing, each recording with one fixed image of its label for good.
   */
  strategy?: PairingStrategy;
  cache?: SpectrogramCache;
  /** As `loadDigitPairs`' `normalise`. Default `null`. */
  normalise?: 'speaker' | null;
  /** Unreadable recordings: `'throw'` (default, one error naming them all) or `'skip'` (see `loadFsdd`). */
  onInvalid?: OnInvalid;
  onWarning?: (warning: LoadWarning) => void;
  onProgress?: (progress: EncodeProgress) => void;
}

/**
 * Like `loadDigitPairs` in this package, but every pairing target is drawn from images the judge
 * never sees: with the full download, MNIST train minus the judge's images (train pairs) and t10k (test
 * pairs); with t10k only, the generator share of t10k split 80/20 into train and test pools. Pass the
 * result to `train({ data })` so that an evaluation of the run is not flattered by a judge that saw the
 * generator's targets.
 */
export async function loadGeneratorDigitPairs(
  options: GeneratorDigitPairsOptions,
): Promise<DigitPairs<AudioRecord>> {
  // Each MNIST file is parsed once: the judge's share is worked out from the same sets the pools use.
  const t10k = await loadMnist({ dir: options.dir, split: 'test' });
  let imagePools: ImagePools;
  if (await hasMnistTrain(options.dir)) {
    const full = await loadMnist({ dir: options.dir, split: 'train' });
    const judge = judgeImagesFromTrain(full);
    const judgeIndices = new Set<number>();
    for (const set of [judge.train, judge.heldOut]) {
      for (const index of set.sourceIndices) judgeIndices.add(index);
    }
    imagePools = {
      train: selectImages(
        full,
        Array.from({ length: full.count }, (_, i) => i).filter((i) => !judgeIndices.has(i)),
      ),
      test: t10k,
      policy: 'mnist-train/t10k',
    };
  } else {
    const { generator } = splitT10kForJudge(t10k);
    imagePools = { ...splitImageSet(generator, { testFraction: 0.2, seed: 0 }), policy: 't10k-split' };
  }
  return loadDigitPairs({
    dir: options.dir,
    split: options.split ?? 'standard',
    seed: options.seed ?? 0,
    ...(options.strategy !== undefined && { strategy: options.strategy }),
    imagePools,
    ...(options.cache !== undefined && { cache: options.cache }),
    ...(options.normalise !== undefined && { normalise: options.normalise }),
    ...(options.onProgress !== undefined && { onProgress: options.onProgress }),
    ...(options.onInvalid !== undefined && { onInvalid: options.onInvalid }),
    ...(options.onWarning !== undefined && { onWarning: options.onWarning }),
  });
}
