import { createHash } from 'node:crypto';
import { InvalidOptionError } from '@ifa/core';
import {
  type DigitPairs,
  loadPairsFolder,
  type PairedDataset,
  resolveDataDir,
  SpectrogramCache,
} from '@ifa/paired-dataset';
import { loadGeneratorDigitPairs } from '@ifa/paired-dataset/internal';
import type { DataIdentity } from '../checkpoint';
import type { ResolvedTrainOptions, TrainOptions } from './options';

/** The pairs a run trains on, loaded once (each MNIST and FSDD file read and parsed once). */
export interface TrainingData {
  pairs: DigitPairs;
  /** Where the pairs came from, as recorded in run.json; null when the caller passed `data`. */
  dataDir: string | null;
  /** The pairs folder (`pairsDir`), or null for MNIST x FSDD. */
  pairsDir: string | null;
  /** Class names of a pairs folder (batch labels index this list); null for digits. */
  classes: string[] | null;
  identity: DataIdentity;
}

/** Share of each class's recordings (and, apart, of its pictures) a pairs run holds out for test. */
export const PAIRS_TEST_FRACTION = 0.2;

/** Image shape a run loads its pairs folder at: the config's, else 64 x 64 RGB. */
function pairsImageShape(config: Record<string, unknown>): { imageSize: number; channels: 1 | 3 } {
  const imageSize = config.imageSize ?? 64;
  const channels = config.imageChannels ?? 3;
  if (!Number.isSafeInteger(imageSize) || (imageSize as number) < 1) {
    throw new InvalidOptionError({ option: 'config.imageSize', value: imageSize, expected: '28 or 64' });
  }
  if (channels !== 1 && channels !== 3) {
    throw new InvalidOptionError({ option: 'config.imageChannels', value: channels, expected: '1 or 3' });
  }
  return { imageSize: imageSize as number, channels };
}

/**
 * The caller's `data`, or MNIST x FSDD from `dataDir` with pairing targets that leave out the evaluation
 * judge's images, so `evaluate` is never flattered by a judge that has seen the digits this model was
 * taught to draw.
 */
export async function loadTrainingData(
  options: TrainOptions,
  resolved: ResolvedTrainOptions,
  say: (message: string) => void,
): Promise<TrainingData> {
  let pairs: DigitPairs;
  let dataDir: string | null;
  let classes: string[] | null = null;
  if (resolved.pairsDir !== null) {
    dataDir = null;
    const shape = pairsImageShape(resolved.config);
    say(
      `loading pairs from ${resolved.pairsDir} (images ${shape.imageSize} x ${shape.imageSize} x ${shape.channels})`,
    );
    const folder = await loadPairsFolder({
      dir: resolved.pairsDir,
      imageSize: shape.imageSize,
      channels: shape.channels,
      seed: resolved.seed,
      testFraction: PAIRS_TEST_FRACTION,
      strategy: resolved.pairing,
      ...(resolved.cropsPerClip !== null && { cropsPerClip: resolved.cropsPerClip }),
      cache: new SpectrogramCache(options.cacheDir ? { dir: options.cacheDir } : {}),
      ...(options.onInvalid !== undefined && { onInvalid: options.onInvalid }),
      onWarning: (warning) => say(`skipped ${warning.path}: ${warning.reason}`),
    });
    pairs = folder;
    classes = folder.classes;
    say(`classes: ${classes.join(', ')}`);
  } else if (options.data) {
    pairs = options.data;
    dataDir = options.dataDir ?? null;
  } else {
    dataDir = options.dataDir ?? resolveDataDir();
    say(`loading MNIST x FSDD from ${dataDir}`);
    pairs = await loadGeneratorDigitPairs({
      dir: dataDir,
      split: resolved.split,
      seed: resolved.seed,
      strategy: resolved.pairing,
      normalise: resolved.normalise,
      cache: new SpectrogramCache(options.cacheDir ? { dir: options.cacheDir } : {}),
      ...(options.onInvalid !== undefined && { onInvalid: options.onInvalid }),
      onWarning: (warning) => say(`skipped ${warning.path}: ${warning.reason}`),
    });
    if (pairs.speakerNormalisation !== undefined)
      say(
        'spectrograms normalised per speaker (each voice mapped to the training set’s band means and deviations)',
      );
  }
  say(`data: ${pairs.train.size} training and ${pairs.test.size} test pairs (${pairs.imagePolicy})`);
  if (pairs.train.size === 0) {
    throw new InvalidOptionError({
      option: 'dataDir',
      value: options.dataDir ?? null,
      expected: 'a data folder whose training split is not empty',
    });
  }
  return { pairs, dataDir, pairsDir: resolved.pairsDir, classes, identity: dataIdentity(pairs) };
}

function hashDataset(hash: ReturnType<typeof createHash>, dataset: PairedDataset): void {
  const bytes = (
    a: ArrayLike<number> & { buffer: ArrayBufferLike; byteOffset: number; byteLength: number },
  ) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const { audio, images, pairing } = dataset;
  hash.update(JSON.stringify([audio.count, audio.height, audio.width, audio.ids]));
  hash.update(bytes(Int32Array.from(audio.labels)));
  hash.update(JSON.stringify([images.count, images.height, images.width, images.channels ?? 1]));
  hash.update(bytes(Uint8Array.from(images.labels)));
  if (images.sourceIndices) hash.update(bytes(Int32Array.from(images.sourceIndices)));
  hash.update(JSON.stringify([pairing.strategy, pairing.seed, pairing.size]));
  hash.update(bytes(Int32Array.from(pairing.imageIndicesForEpoch(0))));
}

/**
 * What the data is, whatever folder it was read from: pair counts, the image policy and a hash of the
 * recordings, the encoder config, the image pools and the pairing. Cheap (no pixels or spectrograms are
 * hashed), and different whenever the training batches would be.
 */
export function dataIdentity(pairs: DigitPairs): DataIdentity {
  const hash = createHash('sha256');
  hash.update(JSON.stringify(pairs.encoderConfig ?? null));
  // Only when present, so that the identity of data without it is what it was before the option existed.
  if (pairs.speakerNormalisation !== undefined)
    hash.update(`|speakers|${JSON.stringify(pairs.speakerNormalisation)}`);
  hashDataset(hash, pairs.train);
  hash.update('|test|');
  hashDataset(hash, pairs.test);
  return {
    train: pairs.train.size,
    test: pairs.test.size,
    imagePolicy: pairs.imagePolicy,
    content: `sha256:${hash.digest('hex')}`,
  };
}

/** A one-line description of a data identity for messages. */
export function describeData(identity: DataIdentity): string {
  return (
    `${identity.train} training / ${identity.test} test pairs ` +
    `(${identity.imagePolicy}, content ${identity.content.replace(/^sha256:/, '').slice(0, 12)})`
  );
}
