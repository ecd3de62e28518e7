import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { SpectrogramEncoder } from '@ifa/audio-features';
import { type BackendPreference, selectBackend } from '@ifa/backends';
import { InvalidOptionError } from '@ifa/core';
import { deriveSeed } from '@ifa/core/internal';
import { atomicWriteFile, atomicWriteJson } from '@ifa/core/node';
import { type IfaModel, loadModel } from '@ifa/models';
import {
  type FsddSplitScheme,
  formatFsddSplit,
  loadFsdd,
  type OnInvalid,
  parseFsddSplit,
  resolveDataDir,
  SpectrogramCache,
  splitFsdd,
} from '@ifa/paired-dataset';
import { findModelFolder, runPaths } from '@ifa/train';
import * as tf from '@tensorflow/tfjs-core';
import { renderConfusionMatrix } from './confusion-png';
import { imageSetTensor, type Judge, loadOrTrainJudge } from './judge';
import { accuracyOf, confusionMatrix, frechetDistance, meanPairwiseL2, perClassAccuracy } from './metrics';
import { type EvaluationReport, REPORT_SCHEMA_VERSION, validateReport } from './schema';

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
  /** Where report.json and confusion.png go. Default: the run folder (or the model folder). */
  outDir?: string;
  /**
   * Unreadable recordings: `'throw'` (default) fails with one `InvalidAudioFilesError` naming them,
   * `'skip'` leaves them out and reports each through `onMessage`.
   */
  onInvalid?: OnInvalid;
  onMessage?: (message: string) => void;
}

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

/** Generates images for `audio` in batches; returns pixels `[N * 784]`. */
async function generateAll(
  model: IfaModel,
  audio: Float32Array,
  count: number,
  shape: [number, number],
  batchSize: number,
  seed: number,
): Promise<{ pixels: Float32Array; imageSize: number }> {
  const [h, w] = shape;
  const parts: Float32Array[] = [];
  let imageSize = 0;
  for (let start = 0, batch = 0; start < count; start += batchSize, batch++) {
    const size = Math.min(batchSize, count - start);
    const input = tf.tensor4d(audio.subarray(start * h * w, (start + size) * h * w), [size, h, w, 1]);
    const images = model.generate(input, { seed: deriveSeed(seed, batch) });
    imageSize = images.shape[1] * images.shape[2];
    parts.push(Float32Array.from(await images.data<'float32'>()));
    tf.dispose([input, images]);
  }
  const pixels = new Float32Array(count * imageSize);
  let offset = 0;
  for (const part of parts) {
    pixels.set(part, offset);
    offset += part.length;
  }
  return { pixels, imageSize };
}

async function timeGeneration(
  model: IfaModel,
  audio: Float32Array,
  count: number,
  shape: [number, number],
  batchSize: number,
): Promise<EvaluationReport['speed']> {
  const [h, w] = shape;
  const run = async (start: number, size: number) => {
    const input = tf.tensor4d(audio.subarray(start * h * w, (start + size) * h * w), [size, h, w, 1]);
    const images = model.generate(input, { seed: 1 });
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

function indicesByLabel(labels: ArrayLike<number>): number[][] {
  const groups: number[][] = Array.from({ length: 10 }, () => []);
  for (let i = 0; i < labels.length; i++) groups[labels[i]!]!.push(i);
  return groups;
}

function meanWithinLabel(pixels: Float32Array, size: number, labels: ArrayLike<number>): number {
  const values = indicesByLabel(labels)
    .filter((group) => group.length >= 2)
    .map((group) => meanPairwiseL2(pixels, size, group));
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}

export interface ImageScores {
  accuracy: number;
  perDigit: (number | null)[];
  confusion: number[][];
  /** Mean pairwise L2 between the scored images of the same label, averaged over labels. */
  withinDigit: number;
  /** The same for the judge's real held-out digits. */
  realWithinDigit: number;
  /** Frechet distance between the judge features of its real held-out digits and of the scored images. */
  frechetDistance: number;
}

/**
 * Scores images that should show `labels` (pixels in [0, 1], `imageSize` per image) with a judge: the
 * metric core of {@link evaluate}, usable on any images (real digits, a baseline, another model's output).
 */
export async function scoreImages(
  judge: Judge,
  pixels: Float32Array,
  labels: ArrayLike<number>,
  imageSize: number,
): Promise<ImageScores> {
  const n = labels.length;
  if (pixels.length !== n * imageSize) {
    throw new InvalidOptionError({
      option: 'pixels',
      value: `${pixels.length} values`,
      expected: `${n} x ${imageSize} values`,
    });
  }
  const side = Math.round(Math.sqrt(imageSize));
  const images = tf.tensor4d(pixels, [n, side, side, 1]);
  const predicted = await judge.classify(images);
  const features = await judge.features(images);
  images.dispose();
  const real = imageSetTensor(judge.heldOut);
  const realFeatures = await judge.features(real);
  const realPixels = Float32Array.from(await real.data<'float32'>());
  real.dispose();
  const confusion = confusionMatrix(labels, predicted);
  return {
    accuracy: accuracyOf(labels, predicted),
    perDigit: perClassAccuracy(confusion),
    confusion,
    withinDigit: meanWithinLabel(pixels, imageSize, labels),
    realWithinDigit: meanWithinLabel(realPixels, imageSize, judge.heldOut.labels),
    frechetDistance: frechetDistance(
      { features: realFeatures, count: judge.heldOut.count },
      { features, count: n },
      features.length / n,
    ),
  };
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
  const { label: splitLabel, scheme } = parseSplit(options.split ?? runOptions.split ?? 'standard');
  const dataDir = options.dataDir ?? runOptions.dataDir ?? resolveDataDir();
  const repeats = options.repeats ?? 5;
  const seed = options.seed ?? 0;
  const batchSize = options.batchSize ?? 64;
  if (!Number.isSafeInteger(repeats) || repeats < 2)
    throw new InvalidOptionError({ option: 'repeats', value: repeats, expected: 'an integer >= 2' });
  if (!Number.isSafeInteger(batchSize) || batchSize < 1)
    throw new InvalidOptionError({ option: 'batchSize', value: batchSize, expected: 'a positive integer' });
  if (options.backend !== undefined) await selectBackend({ prefer: options.backend, log: say });
  await tf.ready();

  const model = await loadModel(target.modelDir);
  const judge =
    options.judge ??
    (await loadOrTrainJudge({
      dataDir,
      ...(options.judgeCacheDir !== undefined && { cacheDir: options.judgeCacheDir }),
      ...(options.maxJudgeTrainSeconds !== undefined && { maxTrainSeconds: options.maxJudgeTrainSeconds }),
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
    const encoded = await cache.encodeAll(test, new SpectrogramEncoder(encoderConfig));
    const shape: [number, number] = [encoded.height, encoded.width];
    const labels = encoded.labels;
    const n = encoded.count;

    // Repeated generations: the first is scored; all of them measure the noise diversity.
    const generations: Float32Array[] = [];
    let imageSize = 0;
    for (let r = 0; r < repeats; r++) {
      const out = await generateAll(model, encoded.data, n, shape, batchSize, deriveSeed(seed, r));
      generations.push(out.pixels);
      imageSize = out.imageSize;
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
    const hasNoise = generations.length > 1;
    const scores = await scoreImages(judge, generations[0]!, labels, imageSize);
    let acrossNoise: number | null = null;
    if (hasNoise) {
      const stacked = new Float32Array(generations.length * imageSize);
      let sum = 0;
      for (let i = 0; i < n; i++) {
        generations.forEach((g, r) => {
          stacked.set(g.subarray(i * imageSize, (i + 1) * imageSize), r * imageSize);
        });
        sum += meanPairwiseL2(
          stacked,
          imageSize,
          generations.map((_, r) => r),
        );
      }
      acrossNoise = sum / n;
    }
    const speed = await timeGeneration(model, encoded.data, n, shape, batchSize);
    const outDir = options.outDir ?? target.runDir ?? target.modelDir;
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
    const report: EvaluationReport = {
      schemaVersion: REPORT_SCHEMA_VERSION,
      createdAt: new Date().toISOString(),
      model: {
        dir: target.modelDir,
        kind: model.kind,
        preset: ((model.config as { preset?: string }).preset ?? runOptions.preset ?? null) as string | null,
      },
      split: splitLabel,
      backend: tf.getBackend(),
      judge: {
        cacheKey: judge.info.cacheKey,
        imagePolicy: judge.info.imagePolicy,
        trainImages: judge.info.trainImages,
        heldOutImages: judge.info.heldOutImages,
        heldOutAccuracy: judge.info.heldOutAccuracy,
        fromCache: judge.fromCache,
        stoppedEarly: judge.info.stoppedEarly,
        disjointFromGeneratorTargets: disjoint,
      },
      testRecordings: n,
      accuracy: scores.accuracy,
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
      files: { report: join(outDir, REPORT_FILE), confusionPng: join(outDir, CONFUSION_FILE) },
    };
    validateReport(report);
    await atomicWriteFile(
      report.files.confusionPng,
      renderConfusionMatrix(
        scores.confusion,
        `${model.kind} - ${splitLabel} split - accuracy ${(report.accuracy * 100).toFixed(1)}%`,
      ),
    );
    await atomicWriteJson(report.files.report, report);
    return report;
  } finally {
    model.dispose();
    if (!options.judge) judge.dispose();
  }
}
