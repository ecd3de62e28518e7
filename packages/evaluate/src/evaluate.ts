import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { SpectrogramEncoder, type SpectrogramEncoderConfig } from '@ifa/audio-features';
import { type BackendPreference, selectBackend } from '@ifa/backends';
import { InvalidOptionError } from '@ifa/core';
import { deriveSeed } from '@ifa/core/internal';
import { atomicWriteFile, atomicWriteJson } from '@ifa/core/node';
import { HEARD_CONDITIONS, type HeardCondition, type IfaModel, loadModel } from '@ifa/models';
import {
  type FsddSplitScheme,
  formatFsddSplit,
  type ImageSet,
  loadFsdd,
  loadPairsFolder,
  type OnInvalid,
  parseFsddSplit,
  resolveDataDir,
  SpectrogramCache,
  splitFsdd,
} from '@ifa/paired-dataset';
import { findModelFolder, runPaths } from '@ifa/train';
import * as tf from '@tensorflow/tfjs-core';
import { renderConfusionMatrix } from './confusion-png';
import {
  imageSetTensor,
  type Judge,
  type JudgeTrainingConfig,
  loadOrTrainClassJudge,
  loadOrTrainJudge,
} from './judge';
import {
  accuracyOf,
  confusionMatrix,
  frechetDistance,
  meanAcrossRepeatsL2,
  meanWithinClassL2,
  perClassAccuracy,
} from './metrics';
import { type EvaluationReport, REPORT_SCHEMA_VERSION, validateReport } from './schema';
import { withSpeakerNormalisation } from './speaker-normalisation';

/** Written by the comparison script into a run folder whose pairing targets exclude the judge's images. */
export const REPORT_FILE = 'report.json';
export const CONFUSION_FILE = 'confusion.png';

export interface EvaluateOptions {
  /** Data folder with `fsdd/` and `mnist/`. Default: the run's `dataDir`, else `resolveDataDir()`. */
  dataDir?: string;
  /**
   * `'standard'`, `'speakers:NAME[,NAME...]'` (`'speaker:NAME'` too), `'fraction:F'` or a split scheme.
   * Default: the run's split, else `'standard'`.
   */
  split?: string | FsddSplitScheme;
  /** Selects (and activates) this backend first; otherwise the current tfjs backend is used. */
  backend?: BackendPreference;
  /** Cache folder of trained judges (see `loadOrTrainJudge`). */
  judgeCacheDir?: string;
  /** Cap on judge training time when it is not cached. Default 300 s. */
  maxJudgeTrainSeconds?: number;
  /**
   * Overrides of the judge's recipe when it is trained here (`JUDGE_DEFAULTS` for digits,
   * `classJudgeDefaults` for a pairs run's class judge); part of the cache key.
   */
  judgeTraining?: Partial<JudgeTrainingConfig>;
  /** An already loaded judge (the comparison evaluates many models with one); the caller disposes it. */
  judge?: Judge;
  /** On-disk spectrogram cache folder. Default: memory only. */
  spectrogramCacheDir?: string;
  /** Generations per recording for the noise-diversity measure (models with noise). Default 5. */
  repeats?: number;
  /** Seed of the generation noise. Default 0. */
  seed?: number;
  /** Batch size of generation and of the batched speed measure. Default 64. */
  batchSize?: number;
  /**
   * What class-conditioned models draw from what their audio classifier hears: `'probabilities'`
   * (default) or `'most-likely'` (`GenerateOptions.heard` of @ifa/models). Recorded in the report.
   */
  heard?: HeardCondition;
  /** Where report.json and confusion.png go. Default: the run folder (or the model folder). */
  outDir?: string;
  /**
   * Unreadable recordings: `'throw'` (default) fails with one `InvalidAudioFilesError` naming them,
   * `'skip'` leaves them out and reports each through `onMessage`.
   */
  onInvalid?: OnInvalid;
  onMessage?: (message: string) => void;
  /**
   * Loads the test data of a pairs run (one whose run.json has `pairs`). Default {@link loadRunPairs}
   * (the run's pairs folder, split as in training). The judge is then a class judge trained on the pairs' real training pictures (see
   * {@link loadOrTrainClassJudge}) unless `judge` is given, and `dataDir`, `split` and `onInvalid` do not
   * apply.
   */
  loadPairs?: PairsLoader;
}

/** The `pairs` record of a pairs run's run.json: the folder and how it was split and shaped. */
export interface RunPairs {
  dir: string;
  seed: number;
  testFraction: number;
  imageSize: number;
  channels: number;
  cropsPerClip?: number;
  [key: string]: unknown;
}

/** What evaluating a pairs run needs, split as the run was. */
export interface PairsTestData {
  /** Class names by label. */
  classes: string[];
  /** Real training pictures: the class judge learns from them. */
  trainImages: ImageSet;
  /** Real test pictures: the judge's held-out set and the Frechet reference. */
  testImages: ImageSet;
  /** The test recordings encoded with the model's encoder, labels by class. */
  testSpectrograms: TestSpectrograms;
}

/**
 * Loads a pairs run's data (e.g. with `loadPairsFolder` of @ifa/paired-dataset) for {@link evaluate}:
 * the run's `pairs` record and the encoder config the model was trained with.
 */
export type PairsLoader = (
  pairs: RunPairs,
  encoder: Partial<SpectrogramEncoderConfig>,
) => Promise<PairsTestData>;

/**
 * The default {@link PairsLoader}: reads the run's pairs folder with `loadPairsFolder` of
 * @ifa/paired-dataset, split as the run was (its seed and test fraction decide the split, which is made by
 * recording before any windows are cut), each test recording's central window encoded with the model's
 * encoder config.
 */
export const loadRunPairs: PairsLoader = async (pairs, encoder) => {
  const channels = pairs.channels;
  if (channels !== 1 && channels !== 3) {
    throw new InvalidOptionError({ option: 'pairs.channels', value: channels, expected: '1 or 3' });
  }
  const folder = await loadPairsFolder({
    dir: pairs.dir,
    seed: pairs.seed,
    testFraction: pairs.testFraction,
    imageSize: pairs.imageSize,
    channels,
    encoderConfig: encoder,
    // Only the test windows are scored; one window per training recording keeps loading short.
    cropsPerClip: 1,
  });
  const test = folder.test.audio;
  return {
    classes: folder.classes,
    trainImages: folder.train.images,
    testImages: folder.test.images,
    testSpectrograms: {
      data: test.data,
      count: test.count,
      height: test.height,
      width: test.width,
      labels: test.labels,
    },
  };
};

interface ResolvedTarget {
  modelDir: string;
  runDir: string | null;
  runJson: Record<string, unknown> | null;
}

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isFile() ?? false;
}

async function resolveTarget(given: string): Promise<ResolvedTarget> {
  const { modelDir, runDir } = await findModelFolder(given, { option: 'run' });
  const runJsonPath = runPaths(runDir ?? modelDir).runJson;
  const runJson =
    runDir !== null && (await isFile(runJsonPath))
      ? (JSON.parse(await readFile(runJsonPath, 'utf8')) as Record<string, unknown>)
      : null;
  return { modelDir, runDir, runJson };
}

/**
 * Parses a split in its text form (`standard`, `speakers:NAME[,NAME...]` or `speaker:NAME`,
 * `fraction:F[:SEED]`) or checks a scheme object; returns the scheme with its canonical label (the form
 * reports carry). The same parser as `ifa train --split` (`parseFsddSplit` of @ifa/paired-dataset).
 */
export function parseSplit(
  split: string | FsddSplitScheme,
  option = 'split',
): { label: string; scheme: FsddSplitScheme } {
  const scheme = parseFsddSplit(split, option);
  return { label: formatFsddSplit(scheme), scheme };
}

/** Generates images for `audio` in batches; returns pixels `[N * H * W * C]` and the image shape. */
async function generateAll(
  model: IfaModel,
  audio: Float32Array,
  count: number,
  shape: [number, number],
  batchSize: number,
  seed: number,
  heard: HeardCondition,
): Promise<{ pixels: Float32Array; imageShape: [number, number, number] }> {
  const [h, w] = shape;
  const parts: Float32Array[] = [];
  let imageShape: [number, number, number] = [0, 0, 1];
  for (let start = 0, batch = 0; start < count; start += batchSize, batch++) {
    const size = Math.min(batchSize, count - start);
    const input = tf.tensor4d(audio.subarray(start * h * w, (start + size) * h * w), [size, h, w, 1]);
    const images = model.generate(input, { seed: deriveSeed(seed, batch), heard });
    imageShape = [images.shape[1], images.shape[2], images.shape[3]];
    parts.push(Float32Array.from(await images.data<'float32'>()));
    tf.dispose([input, images]);
  }
  const pixels = new Float32Array(count * imageShape[0] * imageShape[1] * imageShape[2]);
  let offset = 0;
  for (const part of parts) {
    pixels.set(part, offset);
    offset += part.length;
  }
  return { pixels, imageShape };
}

/**
 * The share of test recordings whose digit the model's own audio classifier hears right (argmax of its
 * logits), for models that have one (conditioning 'class'); null for the others. With `accuracy` it splits
 * what is lost between hearing the digit and drawing it.
 */
async function heardAccuracyOf(
  model: IfaModel,
  test: TestSpectrograms,
  batchSize: number,
): Promise<number | null> {
  const classifier = model.models.audioClassifier;
  if (classifier === undefined) return null;
  const { height: h, width: w } = test;
  let right = 0;
  for (let start = 0; start < test.count; start += batchSize) {
    const size = Math.min(batchSize, test.count - start);
    const heard = tf.tidy(() => {
      const input = tf.tensor4d(test.data.subarray(start * h * w, (start + size) * h * w), [size, h, w, 1]);
      return tf.argMax(classifier.predict(input) as tf.Tensor2D, 1);
    });
    const digits = await heard.data<'int32'>();
    heard.dispose();
    for (let i = 0; i < size; i++) if (digits[i] === test.labels[start + i]) right++;
  }
  return right / test.count;
}

async function timeGeneration(
  model: IfaModel,
  audio: Float32Array,
  count: number,
  shape: [number, number],
  batchSize: number,
  heard: HeardCondition,
): Promise<EvaluationReport['speed']> {
  const [h, w] = shape;
  const run = async (start: number, size: number) => {
    const input = tf.tensor4d(audio.subarray(start * h * w, (start + size) * h * w), [size, h, w, 1]);
    const images = model.generate(input, { seed: 1, heard });
    await images.data();
    tf.dispose([input, images]);
  };
  // Warm-up: the first calls compile kernels / allocate, which is not what a user pays per recording.
  await run(0, 1);
  const batch = Math.min(batchSize, count);
  await run(0, batch);
  const singles = Math.min(16, count);
  let start = performance.now();
  for (let i = 0; i < singles; i++) await run(i, 1);
  const singleMs = (performance.now() - start) / singles;
  const rounds = 2;
  start = performance.now();
  for (let r = 0; r < rounds; r++) await run(0, batch);
  const batchedMs = (performance.now() - start) / (rounds * batch);
  return { singleMsPerRecording: singleMs, batchedMsPerRecording: batchedMs, batchSize: batch };
}

export interface ImageScores {
  accuracy: number;
  /** Accuracy per class (per digit for the digit judge), `null` for a class without images. */
  perDigit: (number | null)[];
  /** `[true][judged]` counts, N x N for the judge's N classes. */
  confusion: number[][];
  /** Mean pairwise L2 between the scored images of the same label, averaged over labels. */
  withinDigit: number;
  /** The same for the real images (the judge's held-out ones unless `options.real` is given). */
  realWithinDigit: number;
  /** Frechet distance between the judge features of the real images and of the scored images. */
  frechetDistance: number;
}

export interface ScoreImagesOptions {
  /**
   * Real images to compare with (Frechet distance, real within-class diversity), same shape as the
   * judge's input. Default: the judge's held-out images (for a class judge of a pairs run, its test
   * images).
   */
  real?: ImageSet;
}

/**
 * Scores images that should show `labels` (values in [0, 1], laid out `[N, height, width, channels]` as
 * the judge's `inputShape`) with a judge: the metric core of {@link evaluate}, usable on any images (real
 * ones, a baseline, another model's output), for any class count and grey or colour pictures.
 * `valuesPerImage`, when given, must equal height x width x channels (784 for digits).
 */
export async function scoreImages(
  judge: Judge,
  pixels: Float32Array,
  labels: ArrayLike<number>,
  valuesPerImage?: number,
  options: ScoreImagesOptions = {},
): Promise<ImageScores> {
  const n = labels.length;
  const [h, w, c] = judge.inputShape;
  const size = h * w * c;
  if ((valuesPerImage !== undefined && valuesPerImage !== size) || pixels.length !== n * size) {
    throw new InvalidOptionError({
      option: 'pixels',
      value: `${pixels.length} values for ${n} labels${valuesPerImage === undefined ? '' : ` (${valuesPerImage} per image)`}`,
      expected: `${n} images of ${h} x ${w} x ${c} values, the judge's input`,
    });
  }
  const classes = judge.classes.length;
  const real = options.real ?? judge.heldOut;
  if (real.height !== h || real.width !== w || (real.channels ?? 1) !== c) {
    throw new InvalidOptionError({
      option: 'real',
      value: `${real.height}x${real.width}x${real.channels ?? 1} images`,
      expected: `the judge's input shape ${h}x${w}x${c}`,
    });
  }
  const images = tf.tensor4d(pixels, [n, h, w, c]);
  const predicted = await judge.classify(images);
  const features = await judge.features(images);
  images.dispose();
  const realTensor = imageSetTensor(real);
  const realFeatures = await judge.features(realTensor);
  const realPixels = Float32Array.from(await realTensor.data<'float32'>());
  realTensor.dispose();
  const confusion = confusionMatrix(labels, predicted, classes);
  return {
    accuracy: accuracyOf(labels, predicted),
    perDigit: perClassAccuracy(confusion),
    confusion,
    withinDigit: meanWithinClassL2(pixels, size, labels, classes),
    realWithinDigit: meanWithinClassL2(realPixels, size, real.labels, classes),
    frechetDistance: frechetDistance(
      { features: realFeatures, count: real.count },
      { features, count: n },
      features.length / Math.max(1, n),
    ),
  };
}

/** Spectrogram images of test recordings, `[count, height, width, 1]` row-major, with their labels. */
export interface TestSpectrograms {
  data: Float32Array;
  count: number;
  height: number;
  width: number;
  /** The class of each recording, indexing the judge's classes. */
  labels: ArrayLike<number>;
}

export interface GeneratorEvaluationOptions {
  model: IfaModel;
  /** How the report names the model: its folder and preset (the kind comes from `model`). */
  modelDir: string;
  preset: string | null;
  test: TestSpectrograms;
  /** The judge (digits, or a class judge from `loadOrTrainClassJudge`); the caller disposes it. */
  judge: Judge;
  /** Real images to compare with (default the judge's held-out images); see {@link ScoreImagesOptions}. */
  real?: ImageSet;
  /** The split in its text form (for a pairs run, e.g. `fraction:0.2:0` from its test fraction and seed). */
  split: string;
  /** Folder for report.json and confusion.png. */
  outDir: string;
  /** Whether the generator's training targets provably exclude the judge's images (null: unknown). */
  disjointFromGeneratorTargets: boolean | null;
  /** Generations per recording for the noise-diversity measure. Default 5. */
  repeats?: number;
  /** Seed of the generation noise. Default 0. */
  seed?: number;
  /** Batch size of generation and of the batched speed measure. Default 64. */
  batchSize?: number;
  /**
   * What class-conditioned models draw from what their audio classifier hears (`GenerateOptions.heard` of
   * @ifa/models): `'probabilities'` (default) or `'most-likely'`. Recorded in the report.
   */
  heard?: HeardCondition;
  onMessage?: (message: string) => void;
}

/** The generation settings of an evaluation, defaulted and checked in one place. */
function generationSettings(options: {
  repeats?: number;
  seed?: number;
  batchSize?: number;
  heard?: HeardCondition;
}): {
  repeats: number;
  seed: number;
  batchSize: number;
  heard: HeardCondition;
} {
  const repeats = options.repeats ?? 5;
  const seed = options.seed ?? 0;
  const batchSize = options.batchSize ?? 64;
  if (!Number.isSafeInteger(repeats) || repeats < 2)
    throw new InvalidOptionError({ option: 'repeats', value: repeats, expected: 'an integer >= 2' });
  if (!Number.isSafeInteger(batchSize) || batchSize < 1)
    throw new InvalidOptionError({ option: 'batchSize', value: batchSize, expected: 'a positive integer' });
  const heard = options.heard ?? 'probabilities';
  if (!HEARD_CONDITIONS.includes(heard))
    throw new InvalidOptionError({
      option: 'heard',
      value: heard,
      expected: HEARD_CONDITIONS.map((h) => `'${h}'`).join(' or '),
    });
  return { repeats, seed, batchSize, heard };
}

/**
 * The report for a loaded model on given test spectrograms: generates images (repeatedly, for the noise
 * diversity), scores them with the judge (accuracy per class, N x N confusion, within-class diversity,
 * Frechet distance to real images in the judge's features), times generation, and writes report.json
 * (schema version 2, with the judge's class names and the image shape) and confusion.png into `outDir`.
 * {@link evaluate} calls it for digit runs; call it directly for any classes (e.g. a pairs run with a
 * judge from `loadOrTrainClassJudge`). The model and judge stay the caller's to dispose.
 */
export async function evaluateGenerator(options: GeneratorEvaluationOptions): Promise<EvaluationReport> {
  const { model, judge, test } = options;
  const { repeats, seed, batchSize, heard } = generationSettings(options);
  const n = test.count;
  if (n === 0 || test.labels.length !== n || test.data.length !== n * test.height * test.width) {
    throw new InvalidOptionError({
      option: 'test',
      value: `${n} recordings, ${test.labels.length} labels, ${test.data.length} values`,
      expected: `at least one recording, one label each and ${test.height} x ${test.width} values each`,
    });
  }
  const shape: [number, number] = [test.height, test.width];
  const [jh, jw, jc] = judge.inputShape;
  options.onMessage?.(
    `generating for ${n} test recordings (${repeats} draws) and judging them as ${judge.classes.length} ` +
      `classes of ${jh}x${jw}x${jc} pictures`,
  );

  // Repeated generations: the first is scored; all of them measure the noise diversity.
  const generations: Float32Array[] = [];
  let imageShape: [number, number, number] = [0, 0, 1];
  for (let r = 0; r < repeats; r++) {
    const out = await generateAll(model, test.data, n, shape, batchSize, deriveSeed(seed, r), heard);
    imageShape = out.imageShape;
    if (imageShape[0] !== jh || imageShape[1] !== jw || imageShape[2] !== jc) {
      throw new InvalidOptionError({
        option: 'judge',
        value: `a judge of ${jh}x${jw}x${jc} images`,
        expected: `a judge of the model's ${imageShape.join('x')} images`,
      });
    }
    generations.push(out.pixels);
    if (r === 1) {
      let maxDifference = 0;
      for (let i = 0; i < out.pixels.length; i++) {
        maxDifference = Math.max(maxDifference, Math.abs(out.pixels[i]! - generations[0]![i]!));
      }
      // A model without noise (the CGAN) returns the same images for any seed; stop repeating.
      if (maxDifference < 1e-6) {
        generations.pop();
        break;
      }
    }
  }
  const size = imageShape[0] * imageShape[1] * imageShape[2];
  const scores = await scoreImages(judge, generations[0]!, test.labels, size, {
    ...(options.real !== undefined && { real: options.real }),
  });
  const acrossNoise = generations.length > 1 ? meanAcrossRepeatsL2(generations, size, n) : null;
  const heardAccuracy = await heardAccuracyOf(model, test, batchSize);
  const speed = await timeGeneration(model, test.data, n, shape, batchSize, heard);
  const report: EvaluationReport = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    createdAt: new Date().toISOString(),
    model: { dir: options.modelDir, kind: model.kind, preset: options.preset },
    heard,
    split: options.split,
    backend: tf.getBackend(),
    judge: {
      cacheKey: judge.info.cacheKey,
      imagePolicy: judge.info.imagePolicy,
      trainImages: judge.info.trainImages,
      heldOutImages: judge.info.heldOutImages,
      heldOutAccuracy: judge.info.heldOutAccuracy,
      fromCache: judge.fromCache,
      stoppedEarly: judge.info.stoppedEarly,
      disjointFromGeneratorTargets: options.disjointFromGeneratorTargets,
    },
    classes: [...judge.classes],
    imageShape,
    testRecordings: n,
    accuracy: scores.accuracy,
    heardAccuracy,
    perDigit: scores.perDigit,
    confusion: scores.confusion,
    diversity: {
      withinDigit: scores.withinDigit,
      realWithinDigit: scores.realWithinDigit,
      acrossNoise,
      repeats: generations.length,
    },
    frechetDistance: scores.frechetDistance,
    speed,
    files: { report: join(options.outDir, REPORT_FILE), confusionPng: join(options.outDir, CONFUSION_FILE) },
  };
  validateReport(report);
  await atomicWriteFile(
    report.files.confusionPng,
    renderConfusionMatrix(
      scores.confusion,
      `${model.kind} - ${options.split} split - accuracy ${(report.accuracy * 100).toFixed(1)}%`,
      { classes: judge.classes },
    ),
  );
  await atomicWriteJson(report.files.report, report);
  return report;
}

/** {@link evaluate} for a run trained with `pairs`: a class judge and the pairs' own test split. */
async function evaluatePairsRun(
  target: ResolvedTarget,
  pairs: RunPairs,
  preset: string | null,
  options: EvaluateOptions,
): Promise<EvaluationReport> {
  const say = options.onMessage ?? (() => {});
  const model = await loadModel(target.modelDir);
  let judge: Judge | undefined = options.judge;
  try {
    if (model.preprocessing === null)
      say('the model has no saved preprocessing; using the SpectrogramEncoder defaults');
    const data = await (options.loadPairs ?? loadRunPairs)(pairs, model.preprocessing?.encoder ?? {});
    judge ??= await loadOrTrainClassJudge({
      train: { ...data.trainImages, classes: data.classes },
      heldOut: data.testImages,
      ...(options.judgeCacheDir !== undefined && { cacheDir: options.judgeCacheDir }),
      ...(options.maxJudgeTrainSeconds !== undefined && { maxTrainSeconds: options.maxJudgeTrainSeconds }),
      ...(options.judgeTraining !== undefined && { training: options.judgeTraining }),
      onMessage: say,
    });
    const split = `fraction:${pairs.testFraction}:${pairs.seed}`;
    say(`evaluating ${model.kind} from ${target.modelDir} on the pairs in ${pairs.dir} (${split})`);
    return await evaluateGenerator({
      model,
      modelDir: target.modelDir,
      preset: ((model.config as { preset?: string }).preset ?? preset) as string | null,
      test: data.testSpectrograms,
      judge,
      real: data.testImages,
      split,
      outDir: options.outDir ?? target.runDir ?? target.modelDir,
      // The judge learns from the very pictures the generator was paired with (its test pictures are
      // apart from both), so its verdict is not independent of the generator's targets.
      disjointFromGeneratorTargets: false,
      ...(options.repeats !== undefined && { repeats: options.repeats }),
      ...(options.seed !== undefined && { seed: options.seed }),
      ...(options.batchSize !== undefined && { batchSize: options.batchSize }),
      ...(options.heard !== undefined && { heard: options.heard }),
      onMessage: say,
    });
  } finally {
    model.dispose();
    if (!options.judge) judge?.dispose();
  }
}

/**
 * Evaluates a trained model (a run folder, or a model/checkpoint folder) on the test recordings of a
 * split: a digit judge (trained once on MNIST images no generator targets, then cached) classifies the
 * generated images, and the report adds per-digit accuracy, a confusion matrix, diversity, the Frechet
 * distance to real digits in the judge's features, and generation speed. Writes report.json (atomic) and
 * confusion.png next to the run, and returns the report.
 */
export async function evaluate(
  runOrModelDir: string,
  options: EvaluateOptions = {},
): Promise<EvaluationReport> {
  const say = options.onMessage ?? (() => {});
  // A bad explicit split fails before anything is loaded.
  if (options.split !== undefined) parseSplit(options.split);
  const target = await resolveTarget(runOrModelDir);
  const runOptions = (target.runJson?.options ?? {}) as {
    split?: FsddSplitScheme;
    dataDir?: string | null;
    preset?: string;
  };
  const pairs = (target.runJson?.pairs ?? null) as RunPairs | null;
  const { repeats, seed, batchSize, heard } = generationSettings(options);
  if (options.backend !== undefined) await selectBackend({ prefer: options.backend, log: say });
  await tf.ready();
  // A pairs run brings its own split and data (the FSDD split and data folder do not apply).
  if (pairs !== null) {
    for (const option of ['split', 'dataDir'] as const) {
      if (options[option] === undefined) continue;
      throw new InvalidOptionError({
        option,
        value: options[option],
        expected: `unset for a run trained on a pairs folder (${pairs.dir} and its own split are used)`,
      });
    }
    return evaluatePairsRun(target, pairs, runOptions.preset ?? null, options);
  }

  const { label: splitLabel, scheme } = parseSplit(options.split ?? runOptions.split ?? 'standard');
  const dataDir = options.dataDir ?? runOptions.dataDir ?? resolveDataDir();
  const model = await loadModel(target.modelDir);
  const judge =
    options.judge ??
    (await loadOrTrainJudge({
      dataDir,
      ...(options.judgeCacheDir !== undefined && { cacheDir: options.judgeCacheDir }),
      ...(options.maxJudgeTrainSeconds !== undefined && { maxTrainSeconds: options.maxJudgeTrainSeconds }),
      ...(options.judgeTraining !== undefined && { training: options.judgeTraining }),
      onMessage: say,
    }));
  try {
    say(`evaluating ${model.kind} from ${target.modelDir} on the ${splitLabel} split (${dataDir})`);
    const records = await loadFsdd({
      dir: dataDir,
      ...(options.onInvalid !== undefined && { onInvalid: options.onInvalid }),
      onWarning: (warning) => say(`skipped ${warning.path}: ${warning.reason}`),
    });
    const { test } = splitFsdd(records, scheme);
    if (test.length === 0)
      throw new InvalidOptionError({
        option: 'split',
        value: splitLabel,
        expected: 'a split with test recordings in this data folder',
      });
    // The preprocessing stored with the model (loadModel validated it; older checkpoints get it from their
    // metadata.encoder). A model saved without any gets the encoder defaults, as before.
    if (model.preprocessing === null)
      say('the model has no saved preprocessing; using the SpectrogramEncoder defaults');
    const encoderConfig = model.preprocessing?.encoder ?? {};
    const cache = new SpectrogramCache(
      options.spectrogramCacheDir ? { dir: options.spectrogramCacheDir } : {},
    );
    const encoded = withSpeakerNormalisation(
      await cache.encodeAll(test, new SpectrogramEncoder(encoderConfig)),
      test,
      model.preprocessing?.speakerNormalisation,
      say,
    );
    let disjoint: boolean | null = null;
    if (target.runDir) {
      const marker = runPaths(target.runDir).imagePools;
      disjoint = (await isFile(marker))
        ? Boolean(
            (JSON.parse(await readFile(marker, 'utf8')) as { excludesJudgeImages?: boolean })
              .excludesJudgeImages,
          )
        : false;
    }
    const report = await evaluateGenerator({
      model,
      modelDir: target.modelDir,
      preset: ((model.config as { preset?: string }).preset ?? runOptions.preset ?? null) as string | null,
      test: encoded,
      judge,
      split: splitLabel,
      outDir: options.outDir ?? target.runDir ?? target.modelDir,
      disjointFromGeneratorTargets: disjoint,
      repeats,
      seed,
      batchSize,
      heard,
      onMessage: say,
    });
    return report;
  } finally {
    model.dispose();
    if (!options.judge) judge.dispose();
  }
}
