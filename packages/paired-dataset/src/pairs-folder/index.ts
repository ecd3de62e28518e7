import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  GENERAL_SOUND_ENCODER_CONFIG,
  SILENCE_PEAK,
  SpectrogramEncoder,
  type SpectrogramEncoderConfig,
  windowStarts,
} from '@ifa/audio-features';
import { pathExists } from '@ifa/core/node';
import type { DigitPairs } from '../digits';
import {
  InvalidAudioFilesError,
  type InvalidFile,
  InvalidOptionError,
  PairsFolderLayoutError,
  UnmatchedClassError,
} from '../errors';
import { type FolderAudioRecord, loadAudioFolder, loadImageFolder } from '../folders';
import type { LoadWarning, OnInvalid } from '../fsdd';
import type { ImageSet } from '../mnist';
import { PairedDataset } from '../paired-dataset';
import { type PairingStrategy, pairByLabel } from '../pairing';
import { type EncodedAudioSet, type EncodeProgress, SpectrogramCache } from '../spectrogram-cache';
import { type ImageSubset, splitImageSet, splitStratified } from '../split';

export interface LoadPairsFolderOptions {
  /** The pairs folder: `dir/audio/<class>/*.wav` and `dir/images/<class>/*.{png,jpg,jpeg}`. */
  dir: string;
  /** Images are resized (stretched) to `imageSize` x `imageSize`. Default 64. */
  imageSize?: number;
  /** 3: RGB (default), 1: grey. */
  channels?: 1 | 3;
  /** Spectrogram settings. Default {@link GENERAL_SOUND_ENCODER_CONFIG} (64 x 64, 1.02 s windows). */
  encoderConfig?: Partial<SpectrogramEncoderConfig>;
  /**
   * Share of each class held out for test: of the recordings (before they are cut into windows) and,
   * separately and disjointly, of the images. Default 0.2.
   */
  testFraction?: number;
  /** Seeds the two splits and the pairing. Default 0. */
  seed?: number;
  /** Default 'random' (a fresh same-class image per window and epoch). */
  strategy?: PairingStrategy;
  /**
   * A training recording gives up to this many evenly spaced windows (see `windowStarts` in
   * @ifa/audio-features: at least half a window apart, so short clips give fewer); a test recording
   * always gives one, its central window. Default 4.
   */
  cropsPerClip?: number;
  /** Reuse spectrograms across calls; `new SpectrogramCache({ dir })` also caches on disk. */
  cache?: SpectrogramCache;
  /**
   * `'throw'` (default): read every file, then throw one InvalidAudioFilesError or InvalidImageFilesError
   * naming all bad ones. `'skip'`: leave them out and report each through `onWarning`.
   */
  onInvalid?: OnInvalid;
  /**
   * Skipped files, empty audio class folders and image classes without audio (whose pictures are then
   * not used). Default `console.warn`.
   */
  onWarning?: (warning: LoadWarning) => void;
  /** Spectrogram progress over all windows, train and test. */
  onProgress?: (progress: EncodeProgress) => void;
}

/** One window of one recording: the unit that becomes a spectrogram. */
export interface PairsFolderRecord {
  /** `<class>/<file name>@<first sample>`: unique. */
  id: string;
  /** `<class>/<file name>`: the recording the window was cut from. */
  recordingId: string;
  /** Index of the class in `classes`. */
  label: number;
  className: string;
  /** The WAV file. */
  path: string;
  /** First sample of the window in the recording (at its own sample rate). */
  start: number;
  sampleRate: number;
  /** The window's samples (a view into the recording). */
  samples: Float32Array;
  /** Identifies the window's content for the spectrogram cache: sha256 of (file sha256, start, length). */
  sha256: string;
}

/** What loadPairsFolder returns: usable as @ifa/train's `data` (a `DigitPairs`). */
export interface PairsFolder extends DigitPairs<PairsFolderRecord> {
  imagePolicy: 'folder-split';
  /** The fully resolved encoder settings the spectrograms were made with (store them with a model). */
  encoderConfig: SpectrogramEncoderConfig;
  /** Class names, sorted; every label (audio and image) indexes this list. */
  classes: string[];
  /** The pairs folder read. */
  dir: string;
}

const DEFAULT_CROPS_PER_CLIP = 4;

function defaultWarning(warning: LoadWarning): void {
  console.warn(`@ifa/paired-dataset: ${warning.path}: ${warning.reason}`);
}

async function subfolders(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries.filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name);
}

function peakOf(samples: Float32Array): number {
  let peak = 0;
  for (let i = 0; i < samples.length; i++) {
    const magnitude = Math.abs(samples[i]!);
    if (magnitude > peak) peak = magnitude;
  }
  return peak;
}

function windowRecord(recording: FolderAudioRecord, label: number, start: number, length: number) {
  const end = Math.min(recording.samples.length, start + length);
  const record: PairsFolderRecord = {
    id: `${recording.id}@${start}`,
    recordingId: recording.id,
    label,
    className: recording.className,
    path: recording.path,
    start,
    sampleRate: recording.sampleRate,
    samples: recording.samples.subarray(start, end),
    sha256: createHash('sha256')
      .update(`${recording.sha256}:${start}:${end - start}`)
      .digest('hex'),
  };
  return record;
}

/** Rows `from..from+count` of an encoded set. */
function sliceEncoded(set: EncodedAudioSet, from: number, count: number): EncodedAudioSet {
  const size = set.height * set.width;
  return {
    ...set,
    data: set.data.slice(from * size, (from + count) * size),
    count,
    labels: set.labels.slice(from, from + count),
    ids: set.ids.slice(from, from + count),
  };
}

/**
 * Loads a pairs folder, `dir/audio/<class>/*.wav` with `dir/images/<class>/*.{png,jpg,jpeg}`, paired by
 * class name, as train and test pairs for @ifa/train. Recordings are split per class into train and test
 * first, then cut into windows (up to `cropsPerClip` per training recording, the central one per test
 * recording), so no recording has windows on both sides; images are split per class into two disjoint
 * pools. Images of any size and of both formats are resized to `imageSize`.
 *
 * Throws PairsFolderLayoutError when `audio/` or `images/` is missing, UnmatchedClassError when an audio
 * class has no image folder of its name, no images, or too few to give train and test one each, and
 * InvalidAudioFilesError / InvalidImageFilesError listing unreadable files (unless `onInvalid: 'skip'`).
 * Image classes without audio are only warned about (`onWarning`): unused pictures harm nothing, and a
 * shared picture folder may hold more classes than one recording session.
 */
export async function loadPairsFolder(options: LoadPairsFolderOptions): Promise<PairsFolder> {
  const { dir } = options;
  if (typeof dir !== 'string' || dir.length === 0) {
    throw new InvalidOptionError({ option: 'dir', value: dir, expected: 'the path of a pairs folder' });
  }
  const seed = options.seed ?? 0;
  const testFraction = options.testFraction ?? 0.2;
  const cropsPerClip = options.cropsPerClip ?? DEFAULT_CROPS_PER_CLIP;
  if (!Number.isSafeInteger(cropsPerClip) || cropsPerClip < 1) {
    throw new InvalidOptionError({
      option: 'cropsPerClip',
      value: cropsPerClip,
      expected: 'a positive integer',
    });
  }
  const onInvalid = options.onInvalid ?? 'throw';
  const warn = options.onWarning ?? defaultWarning;
  const audioDir = join(dir, 'audio');
  const imageDir = join(dir, 'images');
  if (!(await pathExists(dir))) throw new PairsFolderLayoutError(dir, [dir]);
  const missing: string[] = [];
  for (const sub of [audioDir, imageDir]) if (!(await pathExists(sub))) missing.push(sub);
  if (missing.length > 0) throw new PairsFolderLayoutError(dir, missing);
  // Build the encoder first: a bad config should fail before minutes of loading. Its FFTs and mel sums
  // run in WebAssembly SIMD where there is one (pure JavaScript otherwise), about 3x faster.
  const encoder = await SpectrogramEncoder.create({
    ...GENERAL_SOUND_ENCODER_CONFIG,
    ...options.encoderConfig,
  });

  const invalidOptions = { onInvalid, onWarning: warn };
  const audio = await loadAudioFolder(audioDir, invalidOptions);
  const images = await loadImageFolder(imageDir, {
    ...invalidOptions,
    size: options.imageSize ?? 64,
    channels: options.channels ?? 3,
  });

  // Classes are the audio classes that hold recordings; an empty audio folder is not a class.
  const recordingCount = new Map<string, number>();
  for (const record of audio.records) {
    recordingCount.set(record.className, (recordingCount.get(record.className) ?? 0) + 1);
  }
  for (const name of audio.classes) {
    if (!recordingCount.has(name)) {
      warn({ path: join(audioDir, name), reason: 'holds no readable WAV files; it is not used as a class' });
    }
  }
  const classes = audio.classes.filter((name) => recordingCount.has(name));
  const labelOf = new Map(classes.map((name, label) => [name, label]));

  const imageFolders = new Set(await subfolders(imageDir));
  const imageCount = new Map<string, number>();
  for (const label of images.labels) {
    const name = images.classes[label]!;
    imageCount.set(name, (imageCount.get(name) ?? 0) + 1);
  }
  for (const name of classes) {
    if (!imageFolders.has(name)) {
      throw new UnmatchedClassError(
        name,
        join(audioDir, name),
        imageDir,
        `there is no image folder ${join(imageDir, name)}`,
        `Add ${join(imageDir, name)}/ with PNG or JPEG pictures of '${name}' (class names must match exactly), ` +
          `or remove ${join(audioDir, name)}/.`,
      );
    }
    if (!imageCount.has(name)) {
      throw new UnmatchedClassError(
        name,
        join(audioDir, name),
        imageDir,
        `${join(imageDir, name)} holds no readable PNG or JPEG images`,
        `Add pictures of '${name}' there, or remove ${join(audioDir, name)}/.`,
      );
    }
  }
  for (const name of [...imageFolders].sort()) {
    if (!labelOf.has(name)) {
      warn({
        path: join(imageDir, name),
        reason: `no audio class of this name (no recordings in ${join(audioDir, name)}); its images are not used`,
      });
    }
  }

  // The images of the audio classes only, relabelled so that image and audio labels both index `classes`.
  const kept: number[] = [];
  for (let i = 0; i < images.count; i++) if (labelOf.has(images.classes[images.labels[i]!]!)) kept.push(i);
  const pixels = images.height * images.width * (images.channels ?? 1);
  const pool: ImageSet = {
    images: new Uint8Array(kept.length * pixels),
    labels: new Uint8Array(kept.length),
    count: kept.length,
    height: images.height,
    width: images.width,
    channels: images.channels,
    classes,
  };
  kept.forEach((source, i) => {
    pool.images.set(images.images.subarray(source * pixels, (source + 1) * pixels), i * pixels);
    pool.labels[i] = labelOf.get(images.classes[images.labels[source]!]!)!;
  });

  const recordings = audio.records
    .filter((record) => labelOf.has(record.className))
    .map((record) => ({ ...record, label: labelOf.get(record.className)! }));
  // Split recordings before cutting windows, so a recording never has windows in both splits.
  const recordingSplit = splitStratified(recordings, { testFraction, seed });
  for (const side of ['train', 'test'] as const) {
    if (recordingSplit[side].length > 0) continue;
    const most = Math.max(...recordingCount.values());
    throw new InvalidOptionError(
      {
        option: 'testFraction',
        value: testFraction,
        expected: `a share that leaves recordings for both train and test`,
      },
      {
        hint:
          `No class in ${audioDir} has enough recordings (at most ${most}) to give the ${side} split one. ` +
          'Add recordings (3 or more per class for the default 0.2), or change testFraction.',
      },
    );
  }
  const imageSplit = splitImageSet(pool, { testFraction, seed });
  checkImagesPerSplit(classes, recordingSplit, imageSplit, { audioDir, imageDir, imageCount, testFraction });

  const silent: InvalidFile[] = [];
  const cut = (recording: (typeof recordings)[number], test: boolean): PairsFolderRecord[] => {
    const windowSamples = encoder.windowSamples(recording.sampleRate);
    const spread = windowStarts(recording.samples.length, { windowSamples, maxCrops: cropsPerClip });
    // Digital silence makes no picture (the encoder refuses it); a quiet stretch of a recording is skipped.
    const audible = (start: number) =>
      peakOf(recording.samples.subarray(start, start + windowSamples)) >= SILENCE_PEAK;
    let starts: number[];
    if (test) {
      const [centre] = windowStarts(recording.samples.length, { windowSamples });
      const first = [centre!, ...spread].find(audible);
      starts = first === undefined ? [] : [first];
    } else {
      starts = spread.filter(audible);
    }
    if (starts.length === 0) {
      silent.push({ path: recording.path, reason: 'every window of it is digital silence' });
    }
    return starts.map((start) => windowRecord(recording, recording.label, start, windowSamples));
  };
  const trainRecords = recordingSplit.train.flatMap((recording) => cut(recording, false));
  const testRecords = recordingSplit.test.flatMap((recording) => cut(recording, true));
  if (silent.length > 0) {
    if (onInvalid === 'throw') throw new InvalidAudioFilesError(silent);
    for (const file of silent) warn(file);
  }

  const cache = options.cache ?? new SpectrogramCache();
  const encoded = await cache.encodeAll([...trainRecords, ...testRecords], encoder, options.onProgress);
  const trainAudio = sliceEncoded(encoded, 0, trainRecords.length);
  const testAudio = sliceEncoded(encoded, trainRecords.length, testRecords.length);
  const strategy = options.strategy ?? 'random';
  return {
    train: new PairedDataset({
      audio: trainAudio,
      images: imageSplit.train,
      pairing: pairByLabel(trainAudio, imageSplit.train, { strategy, seed }),
    }),
    test: new PairedDataset({
      audio: testAudio,
      images: imageSplit.test,
      pairing: pairByLabel(testAudio, imageSplit.test, { strategy, seed }),
    }),
    trainRecords,
    testRecords,
    imagePolicy: 'folder-split',
    encoderConfig: encoded.encoderConfig as SpectrogramEncoderConfig,
    classes,
    dir,
  };
}

/** Every class with recordings in a split needs an image in that split's pool. */
function checkImagesPerSplit(
  classes: readonly string[],
  recordings: { train: readonly { label: number }[]; test: readonly { label: number }[] },
  images: { train: ImageSubset; test: ImageSubset },
  context: { audioDir: string; imageDir: string; imageCount: Map<string, number>; testFraction: number },
): void {
  for (const side of ['train', 'test'] as const) {
    const needed = new Set(recordings[side].map((record) => record.label));
    const present = new Set(images[side].labels);
    for (const label of [...needed].sort((a, b) => a - b)) {
      if (present.has(label)) continue;
      const name = classes[label]!;
      const count = context.imageCount.get(name) ?? 0;
      throw new UnmatchedClassError(
        name,
        join(context.audioDir, name),
        context.imageDir,
        `${join(context.imageDir, name)} holds ${count} image${count === 1 ? '' : 's'}, which leaves the ` +
          `${side} split none (testFraction ${context.testFraction})`,
        `Add more pictures of '${name}' (at least ${Math.max(2, Math.ceil(0.5 / context.testFraction))}, so both splits get one), ` +
          'or change testFraction.',
      );
    }
  }
}
