import { createHash, type Hash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { InvalidOptionError } from '@ifa/core';
import { mulberry32 } from '@ifa/core/internal';
import { atomicWriteDir } from '@ifa/core/node';
import { createDigitClassifier, type DigitClassifier, type DigitClassifierConfig } from '@ifa/models';
import type { ImageSet } from '@ifa/paired-dataset';
import { type JudgeImagePolicy, type JudgeImages, loadJudgeImages } from '@ifa/paired-dataset/internal';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { JudgeError } from './errors';

/** Bumped whenever judge training changes in a way the cache key does not capture. */
// 2: initial weights come from seeded initializers (createDigitClassifier's `seed`), no longer from a
// patched Math.random, so judges cached by format 1 are not what this code trains.
export const JUDGE_FORMAT = 2;

/**
 * The judge's architecture and training recipe. Narrower than `DIGIT_CLASSIFIER_DEFAULTS` (16/32 filters)
 * so that it trains in about two minutes on 2 CPU cores with the wasm backend; with random +-1 px shifts
 * and a low-rate last two epochs it reaches 98.1% on 1,000 held-out t10k digits (measured, 4,999 training
 * images).
 */
export interface JudgeTrainingConfig {
  classifier: Partial<DigitClassifierConfig>;
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Learning rate of the last `fineTuneEpochs` epochs. */
  fineTuneLearningRate: number;
  fineTuneEpochs: number;
  /** Random integer shift (pixels, each axis) applied to training images. */
  maxShift: number;
  seed: number;
}

export const JUDGE_DEFAULTS: JudgeTrainingConfig = {
  classifier: { filters: [16, 32], featureSize: 128, dropout: 0.25 },
  epochs: 8,
  batchSize: 32,
  learningRate: 1e-3,
  fineTuneLearningRate: 1e-4,
  fineTuneEpochs: 2,
  maxShift: 1,
  seed: 0,
};

export interface JudgeOptions {
  /** Data folder with `mnist/` (the same one the models were trained from). */
  dataDir: string;
  /** Where trained judges are kept. Default `$XDG_CACHE_HOME/ifa/judges` (else `~/.cache/ifa/judges`). */
  cacheDir?: string;
  training?: Partial<JudgeTrainingConfig>;
  /**
   * Wall-clock cap on training, in seconds. On the pure-JS `cpu` backend a conv epoch can take many
   * minutes; when the cap is hit training stops after the current batch and the (lower) held-out
   * accuracy is reported as is. Default 300.
   */
  maxTrainSeconds?: number;
  /** Ignore a cached judge and retrain (the cache entry is replaced). */
  retrain?: boolean;
  onMessage?: (message: string) => void;
}

/**
 * Where a judge's images came from: the MNIST pools of `loadJudgeImages`, or `'given-images'` for a class
 * judge trained on the images passed to {@link loadOrTrainClassJudge} (e.g. a pairs folder's training
 * images).
 */
export type JudgeImageSource = JudgeImagePolicy | 'given-images';

export interface JudgeInfo {
  format: number;
  cacheKey: string;
  imagePolicy: JudgeImageSource;
  /** Class names by label, for a class judge (absent for the digit judge: labels are the digits). */
  classes?: string[];
  trainImages: number;
  heldOutImages: number;
  heldOutAccuracy: number;
  epochsCompleted: number;
  /** True when `maxTrainSeconds` cut training short. */
  stoppedEarly: boolean;
  trainSeconds: number;
  backend: string;
  training: JudgeTrainingConfig;
  classifier: DigitClassifierConfig;
}

/** A trained classifier plus the real held-out images it was scored on. */
export interface Judge {
  info: JudgeInfo;
  /** Whether this call loaded it from the cache (false: trained now). */
  fromCache: boolean;
  /** Real images the judge never trained on: its accuracy and the Frechet distance's reference. */
  heldOut: ImageSet;
  /** Class names by label (`'0'`..`'9'` for the digit judge). */
  classes: readonly string[];
  /** `[height, width, channels]` of the images it takes. */
  inputShape: readonly [number, number, number];
  /** Class predictions for images `[N, height, width, channels]` (see `inputShape`) in [0, 1]. */
  classify(images: tf.Tensor4D, batchSize?: number): Promise<Int32Array>;
  /** Penultimate-layer features `[N, featureSize]`, flattened row-major. */
  features(images: tf.Tensor4D, batchSize?: number): Promise<Float32Array>;
  dispose(): void;
}

export function defaultJudgeCacheDir(env: Record<string, string | undefined> = process.env): string {
  return join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'ifa', 'judges');
}

/** Images as a `[N, height, width, channels]` float tensor in [0, 1]. */
export function imageSetTensor(set: ImageSet, start = 0, end = set.count): tf.Tensor4D {
  const channels = set.channels ?? 1;
  const size = set.height * set.width * channels;
  const pixels = set.images.subarray(start * size, end * size);
  const data = new Float32Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) data[i] = pixels[i]! / 255;
  return tf.tensor4d(data, [end - start, set.height, set.width, channels]);
}

function hashSets(hash: Hash, sets: readonly ImageSet[], withChannels: boolean): string {
  for (const set of sets) {
    // The digit judge's key leaves channels out, so judges cached before colour existed keep their key.
    hash.update(`${set.count}x${set.height}x${set.width}${withChannels ? `x${set.channels ?? 1}` : ''}`);
    hash.update(set.images);
    hash.update(set.labels);
  }
  return hash.digest('hex').slice(0, 32);
}

function judgeKey(
  images: JudgeImages,
  training: JudgeTrainingConfig,
  classifier: DigitClassifierConfig,
): string {
  // `channels` (always 1 here) is dropped for the same reason: the digit judge's key must not change.
  const { channels: _channels, ...digitClassifier } = classifier;
  const hash = createHash('sha256');
  hash.update(
    JSON.stringify({ format: JUDGE_FORMAT, training, classifier: digitClassifier, policy: images.policy }),
  );
  return hashSets(hash, [images.train, images.heldOut], false);
}

function classJudgeKey(
  train: ImageSet,
  heldOut: ImageSet,
  classes: readonly string[],
  training: JudgeTrainingConfig,
  classifier: DigitClassifierConfig,
): string {
  const hash = createHash('sha256');
  hash.update(
    JSON.stringify({ format: JUDGE_FORMAT, training, classifier, policy: 'given-images', classes }),
  );
  return hashSets(hash, [train, heldOut], true);
}

/** One shuffled, shifted batch as float pixels `[n, h, w, channels]` and one-hot labels. */
function augmentedBatch(
  set: ImageSet,
  indices: readonly number[],
  numClasses: number,
  maxShift: number,
  random: () => number,
): { x: Float32Array; y: Float32Array } {
  const { height: h, width: w } = set;
  const channels = set.channels ?? 1;
  const size = h * w * channels;
  const x = new Float32Array(indices.length * size);
  const y = new Float32Array(indices.length * numClasses);
  indices.forEach((source, b) => {
    const dy = Math.floor(random() * (2 * maxShift + 1)) - maxShift;
    const dx = Math.floor(random() * (2 * maxShift + 1)) - maxShift;
    for (let r = 0; r < h; r++) {
      const sr = r - dy;
      if (sr < 0 || sr >= h) continue;
      for (let c = 0; c < w; c++) {
        const sc = c - dx;
        if (sc < 0 || sc >= w) continue;
        for (let k = 0; k < channels; k++) {
          x[b * size + (r * w + c) * channels + k] =
            set.images[source * size + (sr * w + sc) * channels + k]! / 255;
        }
      }
    }
    y[b * numClasses + set.labels[source]!] = 1;
  });
  return { x, y };
}

async function predictInBatches(
  model: tfl.LayersModel,
  images: tf.Tensor4D,
  batchSize: number,
): Promise<tf.Tensor2D> {
  const parts: tf.Tensor[] = [];
  const n = images.shape[0];
  for (let start = 0; start < n; start += batchSize) {
    const size = Math.min(batchSize, n - start);
    parts.push(
      tf.tidy(
        () =>
          model.predict(tf.slice(images, [start, 0, 0, 0], [size, -1, -1, -1]), { batchSize }) as tf.Tensor,
      ),
    );
    // Let the event loop breathe between batches on slow backends.
    await tf.nextFrame?.();
  }
  const out = tf.concat(parts) as tf.Tensor2D;
  tf.dispose(parts);
  return out;
}

const DIGITS = Array.from({ length: 10 }, (_, d) => String(d));

function wrap(classifier: DigitClassifier, info: JudgeInfo, heldOut: ImageSet, fromCache: boolean): Judge {
  const { imageSize, channels } = classifier.config;
  return {
    info,
    fromCache,
    heldOut,
    classes: info.classes ?? DIGITS,
    inputShape: [imageSize, imageSize, channels],
    async classify(images, batchSize = 256) {
      const probabilities = await predictInBatches(classifier.model, images, batchSize);
      const labels = tf.argMax(probabilities, 1);
      const out = Int32Array.from(await labels.data());
      tf.dispose([probabilities, labels]);
      return out;
    },
    async features(images, batchSize = 256) {
      const features = await predictInBatches(classifier.featureModel, images, batchSize);
      const out = Float32Array.from(await features.data());
      features.dispose();
      return out;
    },
    dispose() {
      classifier.dispose();
    },
  };
}

/** Throws when `set` does not fit the classifier's input (size, channels) or its labels its classes. */
function checkFits(classifier: DigitClassifier, set: ImageSet, what: string): void {
  const { imageSize, channels, numClasses } = classifier.config;
  if (set.height !== imageSize || set.width !== imageSize || (set.channels ?? 1) !== channels) {
    throw new JudgeError(
      `${what}: images are ${set.height}x${set.width}x${set.channels ?? 1}, the classifier takes ` +
        `${imageSize}x${imageSize}x${channels}; build it with the images' size and channels.`,
    );
  }
  const bad = set.labels.findIndex((label) => label >= numClasses);
  if (bad >= 0) {
    throw new JudgeError(`${what}: image ${bad} has label ${set.labels[bad]}, outside 0..${numClasses - 1}.`);
  }
}

/**
 * Trains a classifier on an image set with the judge's recipe (seeded shuffles, random shifts, a
 * low-rate finish), stopping after the batch that crosses `maxSeconds`. Any size, 1 or 3 channels and
 * any class count, as long as they match the classifier's config.
 */
export async function fitClassifier(
  classifier: DigitClassifier,
  set: ImageSet,
  training: JudgeTrainingConfig,
  maxSeconds: number,
  say: (message: string) => void = () => {},
): Promise<{ epochsCompleted: number; stoppedEarly: boolean; trainSeconds: number }> {
  checkFits(classifier, set, 'training images');
  const { numClasses, channels } = classifier.config;
  const start = performance.now();
  const random = mulberry32(training.seed + 1);
  let epochsCompleted = 0;
  let stoppedEarly = false;
  const compile = (learningRate: number) =>
    classifier.model.compile({ optimizer: tf.train.adam(learningRate), loss: 'categoricalCrossentropy' });
  compile(training.learningRate);
  for (let epoch = 0; epoch < training.epochs && !stoppedEarly; epoch++) {
    if (epoch === training.epochs - training.fineTuneEpochs) compile(training.fineTuneLearningRate);
    const order = Array.from({ length: set.count }, (_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (let startIndex = 0; startIndex < order.length; startIndex += training.batchSize) {
      const batch = augmentedBatch(
        set,
        order.slice(startIndex, startIndex + training.batchSize),
        numClasses,
        training.maxShift,
        random,
      );
      const n = batch.y.length / numClasses;
      const x = tf.tensor4d(batch.x, [n, set.height, set.width, channels]);
      const y = tf.tensor2d(batch.y, [n, numClasses]);
      await classifier.model.trainOnBatch(x, y);
      tf.dispose([x, y]);
      if ((performance.now() - start) / 1000 > maxSeconds) {
        stoppedEarly = true;
        break;
      }
    }
    if (!stoppedEarly) epochsCompleted++;
    say(
      `classifier: epoch ${epoch + 1}/${training.epochs} (${((performance.now() - start) / 1000).toFixed(0)} s)`,
    );
  }
  return { epochsCompleted, stoppedEarly, trainSeconds: (performance.now() - start) / 1000 };
}

export async function accuracyOn(classifier: DigitClassifier, set: ImageSet): Promise<number> {
  checkFits(classifier, set, 'held-out images');
  const x = imageSetTensor(set);
  const probabilities = await predictInBatches(classifier.model, x, 256);
  const predicted = tf.argMax(probabilities, 1);
  const values = await predicted.data();
  tf.dispose([x, probabilities, predicted]);
  let correct = 0;
  for (let i = 0; i < set.count; i++) if (values[i] === set.labels[i]) correct++;
  return correct / Math.max(1, set.count);
}

async function readCached(dir: string): Promise<{ info: JudgeInfo; weights: Float32Array } | null> {
  try {
    const info = JSON.parse(await readFile(join(dir, 'judge.json'), 'utf8')) as JudgeInfo;
    const bytes = await readFile(join(dir, 'weights.bin'));
    if (info.format !== JUDGE_FORMAT) return null;
    return { info, weights: new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4).slice() };
  } catch {
    return null;
  }
}

function setFlatWeights(classifier: DigitClassifier, flat: Float32Array): void {
  const current = classifier.model.getWeights();
  let offset = 0;
  const tensors = current.map((w) => {
    const t = tf.tensor(flat.subarray(offset, offset + w.size), w.shape);
    offset += w.size;
    return t;
  });
  if (offset !== flat.length) {
    tf.dispose(tensors);
    throw new JudgeError(
      `cached judge has ${flat.length} weights, the classifier needs ${offset}; retrain it.`,
    );
  }
  classifier.model.setWeights(tensors);
  tf.dispose(tensors);
}

async function flatWeights(classifier: DigitClassifier): Promise<Float32Array> {
  const weights = classifier.model.getWeights();
  const arrays = await Promise.all(weights.map((w) => w.data<'float32'>()));
  const flat = new Float32Array(arrays.reduce((n, a) => n + a.length, 0));
  let offset = 0;
  for (const a of arrays) {
    flat.set(a, offset);
    offset += a.length;
  }
  return flat;
}

interface TrainOrLoad {
  classifier: DigitClassifier;
  key: string;
  cacheDir: string | undefined;
  retrain: boolean | undefined;
  train: ImageSet;
  heldOut: ImageSet;
  imagePolicy: JudgeImageSource;
  classes: string[] | null;
  training: JudgeTrainingConfig;
  maxTrainSeconds: number | undefined;
  /** What is trained on, for the progress message ("a digit classifier on 5000 MNIST images ..."). */
  describe: string;
  say: (message: string) => void;
}

/** The cache-or-train core shared by the digit judge and class judges; disposes the classifier on error. */
async function trainOrLoad(job: TrainOrLoad): Promise<Judge> {
  const { classifier, key, say, training } = job;
  const dir = join(job.cacheDir ?? defaultJudgeCacheDir(), key);
  try {
    if (!job.retrain) {
      const cached = await readCached(dir);
      if (cached) {
        setFlatWeights(classifier, cached.weights);
        say(
          `judge: loaded from cache ${dir} (held-out accuracy ${(cached.info.heldOutAccuracy * 100).toFixed(2)}%)`,
        );
        return wrap(classifier, cached.info, job.heldOut, true);
      }
    }
    say(`judge: training ${job.describe} with ${tf.getBackend()}; cached afterwards in ${dir}`);
    const maxSeconds = job.maxTrainSeconds ?? 300;
    const { epochsCompleted, stoppedEarly, trainSeconds } = await fitClassifier(
      classifier,
      job.train,
      training,
      maxSeconds,
      say,
    );
    const heldOutAccuracy = await accuracyOn(classifier, job.heldOut);
    const info: JudgeInfo = {
      format: JUDGE_FORMAT,
      cacheKey: key,
      imagePolicy: job.imagePolicy,
      ...(job.classes !== null && { classes: job.classes }),
      trainImages: job.train.count,
      heldOutImages: job.heldOut.count,
      heldOutAccuracy,
      epochsCompleted,
      stoppedEarly,
      trainSeconds,
      backend: tf.getBackend(),
      training,
      classifier: classifier.config,
    };
    say(
      `judge: held-out accuracy ${(heldOutAccuracy * 100).toFixed(2)}% after ${trainSeconds.toFixed(0)} s` +
        (stoppedEarly ? ` (stopped early at the ${maxSeconds} s cap)` : ''),
    );
    // A judge cut short is still returned but never cached, so a later run with more time retrains it.
    if (!stoppedEarly) {
      const weights = await flatWeights(classifier);
      await mkdir(join(dir, '..'), { recursive: true });
      await atomicWriteDir(dir, async (temp) => {
        const { writeFile } = await import('node:fs/promises');
        await writeFile(join(temp, 'weights.bin'), new Uint8Array(weights.buffer));
        await writeFile(join(temp, 'judge.json'), `${JSON.stringify(info, null, 2)}\n`);
      });
    }
    return wrap(classifier, info, job.heldOut, false);
  } catch (error) {
    classifier.dispose();
    throw error;
  }
}

/**
 * Returns the digit judge for `dataDir`: loaded from the cache when a judge with the same training images,
 * classifier config, recipe and seed was trained before, otherwise trained now (on the current tfjs
 * backend) and cached. The caller owns the result and must `dispose()` it.
 */
export async function loadOrTrainJudge(options: JudgeOptions): Promise<Judge> {
  const training: JudgeTrainingConfig = {
    ...JUDGE_DEFAULTS,
    ...options.training,
    classifier: { ...JUDGE_DEFAULTS.classifier, ...options.training?.classifier },
  };
  const images = await loadJudgeImages(options.dataDir);
  const classifier = createDigitClassifier(training.classifier, { seed: training.seed });
  return trainOrLoad({
    classifier,
    key: judgeKey(images, training, classifier.config),
    cacheDir: options.cacheDir,
    retrain: options.retrain,
    train: images.train,
    heldOut: images.heldOut,
    imagePolicy: images.policy,
    classes: null,
    training,
    maxTrainSeconds: options.maxTrainSeconds,
    describe: `a digit classifier on ${images.train.count} MNIST images (${images.policy})`,
    say: options.onMessage ?? (() => {}),
  });
}

/** A set of real pictures with class names by label (e.g. a pairs folder's images). */
export type ClassImageSet = ImageSet & { classes: readonly string[] };

export interface ClassJudgeOptions {
  /**
   * Real training pictures (for a pairs run: its TRAIN images): square, 1 or 3 channels, labels index
   * `classes` (at least 2).
   */
  train: ClassImageSet;
  /**
   * Real pictures the judge never trains on (for a pairs run: its TEST images), same size and channels:
   * its held-out accuracy is measured on them and generated images are compared with them (Frechet
   * distance, real diversity). Default: every sixth picture of each class of `train`, kept out of training.
   */
  heldOut?: ImageSet;
  /** Where trained judges are kept (the digit judge's default folder; keys never collide). */
  cacheDir?: string;
  /** Overrides of {@link classJudgeDefaults}. */
  training?: Partial<JudgeTrainingConfig>;
  /** Wall-clock cap on training, in seconds (see `JudgeOptions.maxTrainSeconds`). Default 300. */
  maxTrainSeconds?: number;
  /** Ignore a cached judge and retrain (the cache entry is replaced). */
  retrain?: boolean;
  onMessage?: (message: string) => void;
}

/** Fewest optimiser steps a class judge takes; small picture sets get more epochs to reach it. */
const CLASS_JUDGE_MIN_STEPS = 300;

/**
 * The class judge's recipe for `trainCount` pictures of `imageSize` px: the digit judge's, with a third
 * conv block (16/32/64 filters) from 48 px so that 64 px pictures flatten to 8x8x64, shifts of up to
 * imageSize/32 px (2 px at 64) since larger pictures move further for the same share, and, because
 * pairs folders can be far smaller than MNIST, smaller batches (8 below 128 pictures, 16 below 512) and
 * as many epochs (8 to 100) as it takes to make at least 300 optimiser steps; the last fifth of them
 * (at least 2) at the low rate.
 */
export function classJudgeDefaults(imageSize: number, trainCount = 5000): JudgeTrainingConfig {
  const batchSize = trainCount >= 512 ? 32 : trainCount >= 128 ? 16 : 8;
  const stepsPerEpoch = Math.max(1, Math.ceil(trainCount / batchSize));
  const epochs = Math.min(100, Math.max(8, Math.ceil(CLASS_JUDGE_MIN_STEPS / stepsPerEpoch)));
  return {
    ...JUDGE_DEFAULTS,
    classifier: {
      ...JUDGE_DEFAULTS.classifier,
      filters: imageSize >= 48 ? [16, 32, 64] : [16, 32],
    },
    batchSize,
    epochs,
    fineTuneEpochs: Math.max(2, Math.round(epochs / 5)),
    maxShift: Math.max(1, Math.round(imageSize / 32)),
  };
}

/** Every sixth picture of each class (in order) held out; the rest trains. Deterministic, no RNG. */
function holdOutSixth(set: ImageSet): { train: ImageSet; heldOut: ImageSet } {
  const seen = new Map<number, number>();
  const train: number[] = [];
  const heldOut: number[] = [];
  for (let i = 0; i < set.count; i++) {
    const label = set.labels[i]!;
    const n = seen.get(label) ?? 0;
    seen.set(label, n + 1);
    (n % 6 === 5 ? heldOut : train).push(i);
  }
  const pick = (indices: number[]): ImageSet => {
    const size = set.height * set.width * (set.channels ?? 1);
    const images = new Uint8Array(indices.length * size);
    indices.forEach((source, i) => {
      images.set(set.images.subarray(source * size, (source + 1) * size), i * size);
    });
    return {
      images,
      labels: Uint8Array.from(indices, (i) => set.labels[i]!),
      count: indices.length,
      height: set.height,
      width: set.width,
      channels: set.channels ?? 1,
    };
  };
  return { train: pick(train), heldOut: pick(heldOut) };
}

function checkClassImages(set: ImageSet, option: string, classes: number): void {
  const channels = set.channels ?? 1;
  if (set.height !== set.width || set.height < 4 || (channels !== 1 && channels !== 3)) {
    throw new InvalidOptionError({
      option,
      value: `${set.height}x${set.width}x${channels} images`,
      expected: 'square images of at least 4 px with 1 or 3 channels',
    });
  }
  if (set.count === 0 || set.images.length !== set.count * set.height * set.width * channels) {
    throw new InvalidOptionError({
      option,
      value: `${set.count} images in ${set.images.length} bytes`,
      expected: `at least one image and count x ${set.height} x ${set.width} x ${channels} bytes`,
    });
  }
  const bad = set.labels.findIndex((label) => label >= classes);
  if (bad >= 0 || set.labels.length !== set.count) {
    throw new InvalidOptionError({
      option: `${option}.labels`,
      value: bad >= 0 ? `label ${set.labels[bad]} of image ${bad}` : `${set.labels.length} labels`,
      expected: `one label per image, each below the ${classes} class names`,
    });
  }
}

/**
 * Returns a judge for any classes of pictures (any square size, grey or RGB): the judge's CNN trained on
 * `train` and scored on `heldOut`, cached on disk by a content hash of both image sets, the class
 * names, the classifier config and the recipe, so evaluating several runs on the same data trains it
 * once. The caller owns the result and must `dispose()` it.
 */
export async function loadOrTrainClassJudge(options: ClassJudgeOptions): Promise<Judge> {
  const classes = [...options.train.classes];
  if (classes.length < 2 || new Set(classes).size !== classes.length) {
    throw new InvalidOptionError({
      option: 'train.classes',
      value: classes,
      expected: 'at least 2 distinct class names',
    });
  }
  checkClassImages(options.train, 'train', classes.length);
  const split = options.heldOut === undefined ? holdOutSixth(options.train) : null;
  const train = split?.train ?? options.train;
  const heldOut = split?.heldOut ?? options.heldOut!;
  checkClassImages(heldOut, 'heldOut', classes.length);
  const channels = (train.channels ?? 1) as 1 | 3;
  if (heldOut.height !== train.height || (heldOut.channels ?? 1) !== channels) {
    throw new InvalidOptionError({
      option: 'heldOut',
      value: `${heldOut.height}x${heldOut.width}x${heldOut.channels ?? 1} images`,
      expected: `the training images' shape, ${train.height}x${train.width}x${channels}`,
    });
  }
  const defaults = classJudgeDefaults(train.height, train.count);
  const epochs = options.training?.epochs ?? defaults.epochs;
  const training: JudgeTrainingConfig = {
    ...defaults,
    // The low-rate finish follows a given epoch count unless it is given too.
    fineTuneEpochs: Math.min(epochs, Math.max(2, Math.round(epochs / 5))),
    ...options.training,
    classifier: {
      ...defaults.classifier,
      ...options.training?.classifier,
      imageSize: train.height,
      channels,
      numClasses: classes.length,
    },
  };
  const classifier = createDigitClassifier(training.classifier, { seed: training.seed });
  return trainOrLoad({
    classifier,
    key: classJudgeKey(train, heldOut, classes, training, classifier.config),
    cacheDir: options.cacheDir,
    retrain: options.retrain,
    train,
    heldOut,
    imagePolicy: 'given-images',
    classes,
    training,
    maxTrainSeconds: options.maxTrainSeconds,
    describe:
      `a ${classes.length}-class classifier on ${train.count} ${train.height}x${train.width}x${channels} ` +
      `pictures (${classes.join(', ')})`,
    say: options.onMessage ?? (() => {}),
  });
}
