import { join } from 'node:path';
import { bandStatistics, normaliseBandsByGroup, SpectrogramEncoder } from '@ifa/audio-features';
import { pathExists } from '@ifa/core/node';
import { InvalidOptionError } from '../errors';
import { type AudioRecord, type LoadWarning, loadFsdd, type OnInvalid } from '../fsdd';
import { type ImageSet, loadMnist, MNIST_FILES, resolveMnistDir } from '../mnist';
import { PairedDataset } from '../paired-dataset';
import { type PairingStrategy, pairByLabel } from '../pairing';
import {
  type EncodableRecord,
  type EncodeProgress,
  SpectrogramCache,
  type SpectrogramEncoderLike,
} from '../spectrogram-cache';
import { type FsddSplitScheme, splitFsdd, splitImageSet } from '../split';

/**
 * How the images were divided between the train and test pairings.
 * - `'mnist-train/t10k'`: the 60,000 training images pair with training audio, t10k with test audio.
 * - `'t10k-split'`: only t10k exists (as on machines without train-images-idx3-ubyte.gz), so t10k is
 *   split once, stratified by digit and seeded by `imagePoolSeed`, into two disjoint pools.
 * - `'folder-split'`: the images of a pairs folder (`loadPairsFolder`), split once per class, stratified
 *   and seeded, into two disjoint pools.
 */
export type ImagePoolPolicy = 'mnist-train/t10k' | 't10k-split' | 'folder-split';

export interface LoadDigitPairsOptions {
  /** Data root holding `mnist/` and `fsdd/` (see resolveDataDir). */
  dir: string;
  /** FSDD split. Default 'standard'. */
  split?: FsddSplitScheme;
  /** Default 'random'. */
  strategy?: PairingStrategy;
  /** Seeds the random pairing (the shuffle seed is given to batches()). Default 0. */
  seed?: number;
  /** Default: `new SpectrogramEncoder()` from @ifa/audio-features (28 x 28). */
  encoder?: SpectrogramEncoderLike;
  /** Reuse spectrograms across calls; pass `new SpectrogramCache({ dir })` to also cache on disk. */
  cache?: SpectrogramCache;
  /** Shorthand for `cache: new SpectrogramCache({ dir: spectrogramCacheDir })`. Ignored when `cache` is given. */
  spectrogramCacheDir?: string;
  /** Share of t10k held out for test pairs when only t10k exists. Default 0.2. */
  imageTestFraction?: number;
  /** Seed of that t10k split. Default 0, so pools stay the same whatever pairing seed is used. */
  imagePoolSeed?: number;
  /**
   * Image pools chosen by the caller (e.g. ones that leave out an evaluation classifier's images) instead
   * of `loadMnistPools(dir)`. The two pools must not share an image; `imageTestFraction` and
   * `imagePoolSeed` are then ignored.
   */
  imagePools?: ImagePools;
  /**
   * `'speaker'`: each speaker's spectrograms are mapped, mel band by mel band, so that the speaker's band
   * means and deviations become the training set's (see {@link SpeakerNormalisation}). Within each split
   * a speaker's own recordings give their statistics: a held-out voice is normalised by its unlabelled
   * test recordings. Default `null` (none).
   */
  normalise?: 'speaker' | null;
  onInvalid?: OnInvalid;
  onWarning?: (warning: LoadWarning) => void;
  onProgress?: (progress: EncodeProgress) => void;
}

/**
 * Per-speaker normalisation of the spectrograms: every voice's recordings were mapped so that the voice's
 * band statistics (`bandStatistics` of @ifa/audio-features over its recordings) equal the reference: the
 * band means and deviations of the whole training set before the mapping. A model trained on such pairs
 * needs new voices normalised alike: `normaliseBands(images, bandStatistics(voice's images), reference)`
 * with `reference = { means: referenceBandMeans, stds: referenceBandStds }`.
 */
export interface SpeakerNormalisation {
  referenceBandMeans: number[];
  referenceBandStds: number[];
}

/**
 * Train and test pairs, what @ifa/train takes as its `data`. `R` is the kind of record behind each
 * spectrogram: FSDD recordings (`AudioRecord`) from loadDigitPairs, windows of folder recordings
 * (`PairsFolderRecord`) from loadPairsFolder; plain `DigitPairs` accepts either.
 */
export interface DigitPairs<R extends EncodableRecord = EncodableRecord> {
  train: PairedDataset;
  test: PairedDataset;
  /** The record behind every training spectrogram, in order. */
  trainRecords: R[];
  testRecords: R[];
  imagePolicy: ImagePoolPolicy;
  /** The encoder config the spectrograms were computed with (record it next to a trained model). */
  encoderConfig: unknown;
  /** Set when the spectrograms were normalised per speaker (`normalise: 'speaker'`); else absent. */
  speakerNormalisation?: SpeakerNormalisation;
}

/** The MNIST images that training and test recordings are paired with. */
export interface ImagePools {
  train: ImageSet;
  test: ImageSet;
  policy: ImagePoolPolicy;
}

/** Loads the MNIST image pools for training and testing, never sharing an image between them. */
export async function loadMnistPools(
  dir: string,
  options: { imageTestFraction?: number; imagePoolSeed?: number } = {},
): Promise<ImagePools> {
  const mnistDir = await resolveMnistDir(dir);
  const test = await loadMnist({ dir, split: 'test' });
  if (await pathExists(join(mnistDir, MNIST_FILES.train.images))) {
    return { train: await loadMnist({ dir, split: 'train' }), test, policy: 'mnist-train/t10k' };
  }
  const pools = splitImageSet(test, {
    testFraction: options.imageTestFraction ?? 0.2,
    seed: options.imagePoolSeed ?? 0,
  });
  return { train: pools.train, test: pools.test, policy: 't10k-split' };
}

/** MNIST x FSDD, split, encoded, cached and paired: train and test datasets in one call. */
export async function loadDigitPairs(options: LoadDigitPairsOptions): Promise<DigitPairs<AudioRecord>> {
  const normalise = options.normalise ?? null;
  if (normalise !== null && normalise !== 'speaker') {
    throw new InvalidOptionError({ option: 'normalise', value: normalise, expected: "'speaker' or null" });
  }
  const encoder = options.encoder ?? new SpectrogramEncoder();
  const cache =
    options.cache ??
    new SpectrogramCache(
      options.spectrogramCacheDir === undefined ? {} : { dir: options.spectrogramCacheDir },
    );
  const seed = options.seed ?? 0;
  const strategy = options.strategy ?? 'random';
  const records = await loadFsdd({
    dir: options.dir,
    ...(options.onInvalid !== undefined && { onInvalid: options.onInvalid }),
    ...(options.onWarning !== undefined && { onWarning: options.onWarning }),
  });
  const { train: trainRecords, test: testRecords } = splitFsdd(records, options.split ?? 'standard');
  const images = options.imagePools ?? (await loadMnistPools(options.dir, options));
  const encodedAll = await cache.encodeAll(records, encoder, options.onProgress);
  const byId = new Map(encodedAll.ids.map((id, i) => [id, i]));
  const subset = (subsetRecords: AudioRecord[]) => {
    const size = encodedAll.height * encodedAll.width;
    const data = new Float32Array(subsetRecords.length * size);
    subsetRecords.forEach((record, i) => {
      const source = byId.get(record.id)!;
      data.set(encodedAll.data.subarray(source * size, (source + 1) * size), i * size);
    });
    return {
      ...encodedAll,
      data,
      count: subsetRecords.length,
      labels: Int32Array.from(subsetRecords, (record) => record.label),
      ids: subsetRecords.map((record) => record.id),
    };
  };
  const trainAudio = subset(trainRecords);
  const testAudio = subset(testRecords);
  let speakerNormalisation: SpeakerNormalisation | undefined;
  if (normalise === 'speaker' && trainAudio.count > 0) {
    const reference = bandStatistics(trainAudio);
    normaliseBandsByGroup(
      trainAudio,
      trainRecords.map((r) => r.speaker),
      reference,
    );
    if (testAudio.count > 0)
      normaliseBandsByGroup(
        testAudio,
        testRecords.map((r) => r.speaker),
        reference,
      );
    speakerNormalisation = { referenceBandMeans: reference.means, referenceBandStds: reference.stds };
  }
  return {
    train: new PairedDataset({
      audio: trainAudio,
      images: images.train,
      pairing: pairByLabel(trainAudio, images.train, { strategy, seed }),
    }),
    test: new PairedDataset({
      audio: testAudio,
      images: images.test,
      pairing: pairByLabel(testAudio, images.test, { strategy, seed }),
    }),
    trainRecords,
    testRecords,
    imagePolicy: images.policy,
    encoderConfig: encodedAll.encoderConfig,
    ...(speakerNormalisation !== undefined && { speakerNormalisation }),
  };
}
