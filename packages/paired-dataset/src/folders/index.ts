import { SpectrogramEncoder } from '@ifa/audio-features';
import { UnpairableLabelError } from '../errors';
import { PairedDataset } from '../paired-dataset';
import { type LabelPairing, type PairByLabelOptions, pairByLabel } from '../pairing';
import { type EncodeProgress, SpectrogramCache, type SpectrogramEncoderLike } from '../spectrogram-cache';
import { splitImageSet, splitStratified } from '../split';
import { type AudioFolderSet, type LoadFolderOptions, loadAudioFolder } from './audio-folder';
import { type LoadImageFolderOptions, loadImageFolder } from './image-folder';

export {
  type AudioFolderSet,
  type FolderAudioRecord,
  type LoadFolderOptions,
  loadAudioFolder,
} from './audio-folder';
export { type ClassFile, listClassFiles } from './class-folders';
export { type ImageFolderSet, type LoadImageFolderOptions, loadImageFolder } from './image-folder';

/** Audio labels expressed in the image set's label numbering, matched by class name. */
export function audioLabelsByClassName(
  audio: { classes: readonly string[]; labels: ArrayLike<number> },
  images: { classes?: readonly string[] },
): Int32Array {
  const imageLabelOf = new Map((images.classes ?? []).map((name, label) => [name, label]));
  const missing = audio.classes.filter((name) => !imageLabelOf.has(name));
  const used = new Set(Array.from(audio.labels, (label) => audio.classes[label]!));
  const unpairable = missing.filter((name) => used.has(name));
  if (unpairable.length > 0) throw new UnpairableLabelError(unpairable);
  return Int32Array.from(audio.labels, (label) => imageLabelOf.get(audio.classes[label]!)!);
}

/**
 * pairByLabel for folders: audio of class `beach` pairs with images of class `beach`, whatever order or
 * extra classes either folder has. Same strategies ('random', 'one-to-one') and seeding.
 */
export function pairByClassName(
  audio: { classes: readonly string[]; labels: ArrayLike<number> },
  images: { classes?: readonly string[]; labels: ArrayLike<number> },
  options: PairByLabelOptions = {},
): LabelPairing {
  return pairByLabel({ labels: audioLabelsByClassName(audio, images) }, images, options);
}

export interface LoadFolderPairsOptions
  extends LoadFolderOptions,
    Omit<LoadImageFolderOptions, 'onInvalid' | 'onWarning'> {
  audioDir: string;
  imageDir: string;
  /** Share of each class held out for test, in the audio and (disjointly) in the images. Default 0.2. */
  testFraction?: number;
  /** Seeds the split and the pairing. Default 0. */
  seed?: number;
  strategy?: PairByLabelOptions['strategy'];
  encoder?: SpectrogramEncoderLike;
  cache?: SpectrogramCache;
  onProgress?: (progress: EncodeProgress) => void;
}

export interface FolderPairs {
  train: PairedDataset;
  test: PairedDataset;
  /** Audio class names; batch labels index this list. */
  classes: string[];
  encoderConfig: unknown;
}

/**
 * Your own pairs: `<audioDir>/<class>/*.wav` with `<imageDir>/<class>/*.png|jpg`, split per class into
 * disjoint train and test parts (audio and images both), encoded, cached and paired by class name.
 */
export async function loadFolderPairs(options: LoadFolderPairsOptions): Promise<FolderPairs> {
  const seed = options.seed ?? 0;
  const testFraction = options.testFraction ?? 0.2;
  const invalid = {
    ...(options.onInvalid !== undefined && { onInvalid: options.onInvalid }),
    ...(options.onWarning !== undefined && { onWarning: options.onWarning }),
  };
  const audio: AudioFolderSet = await loadAudioFolder(options.audioDir, invalid);
  const images = await loadImageFolder(options.imageDir, {
    ...invalid,
    ...(options.size !== undefined && { size: options.size }),
    ...(options.channels !== undefined && { channels: options.channels }),
  });
  const encoder = options.encoder ?? new SpectrogramEncoder();
  const cache = options.cache ?? new SpectrogramCache();
  const audioSplit = splitStratified(audio.records, { testFraction, seed });
  const imageSplit = splitImageSet(images, { testFraction, seed });
  const make = async (records: typeof audio.records, pool: typeof imageSplit.train) => {
    const encoded = await cache.encodeAll(records, encoder, options.onProgress);
    const pairing = pairByClassName({ classes: audio.classes, labels: encoded.labels }, pool, {
      strategy: options.strategy ?? 'random',
      seed,
    });
    return new PairedDataset({ audio: encoded, images: pool, pairing });
  };
  const train = await make(audioSplit.train, imageSplit.train);
  const test = await make(audioSplit.test, imageSplit.test);
  return { train, test, classes: audio.classes, encoderConfig: train.audio.encoderConfig };
}
