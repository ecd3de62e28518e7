import { SpectrogramEncoder } from '@ifa/audio-features';
import { InvalidOptionError } from '@ifa/core';
import { createDigitClassifier } from '@ifa/models';
import {
  type FsddSplitScheme,
  type ImageSet,
  loadFsdd,
  SpectrogramCache,
  splitFsdd,
} from '@ifa/paired-dataset';
import { accuracyOn, fitClassifier, JUDGE_DEFAULTS, type JudgeTrainingConfig } from './judge';

export interface SpokenDigitBaselineOptions {
  dataDir: string;
  split: FsddSplitScheme;
  cache?: SpectrogramCache;
  training?: Partial<JudgeTrainingConfig>;
  maxTrainSeconds?: number;
  onMessage?: (message: string) => void;
}

export interface SpokenDigitBaseline {
  /** Share of the split's test recordings whose digit a small CNN reads from the spectrogram alone. */
  testAccuracy: number;
  trainRecordings: number;
  testRecordings: number;
  trainSeconds: number;
  stoppedEarly: boolean;
}

function toImageSet(encoded: {
  data: Float32Array;
  count: number;
  height: number;
  width: number;
  labels: Int32Array;
}): ImageSet {
  if (encoded.height !== encoded.width) {
    throw new InvalidOptionError({
      option: 'encoder',
      value: `${encoded.height}x${encoded.width}`,
      expected: 'square spectrogram images',
    });
  }
  // Spectrogram images are in [0, 1]; 8-bit quantisation is far below their own noise.
  const images = Uint8Array.from(encoded.data, (v) => Math.round(Math.min(1, Math.max(0, v)) * 255));
  return {
    images,
    labels: Uint8Array.from(encoded.labels),
    count: encoded.count,
    height: encoded.height,
    width: encoded.width,
  };
}

/**
 * How well the spoken digit can be read from the models' input at all: the judge's CNN, trained on the
 * split's training spectrograms (no shifts: a frequency shift changes the voice) and scored on its test
 * spectrograms. No generator can be more consistent than its input is informative, so this bounds the
 * digit accuracy of generated images (up to the judge's own error).
 */
export async function spokenDigitBaseline(options: SpokenDigitBaselineOptions): Promise<SpokenDigitBaseline> {
  const training: JudgeTrainingConfig = { ...JUDGE_DEFAULTS, maxShift: 0, ...options.training };
  const cache = options.cache ?? new SpectrogramCache();
  const encoder = new SpectrogramEncoder();
  const records = await loadFsdd({ dir: options.dataDir });
  const { train, test } = splitFsdd(records, options.split);
  const trainSet = toImageSet(await cache.encodeAll(train, encoder));
  const testSet = toImageSet(await cache.encodeAll(test, encoder));
  const classifier = createDigitClassifier(
    { ...training.classifier, imageSize: trainSet.height },
    { seed: training.seed },
  );
  try {
    const fit = await fitClassifier(
      classifier,
      trainSet,
      training,
      options.maxTrainSeconds ?? 300,
      options.onMessage,
    );
    return {
      testAccuracy: await accuracyOn(classifier, testSet),
      trainRecordings: train.length,
      testRecordings: test.length,
      trainSeconds: fit.trainSeconds,
      stoppedEarly: fit.stoppedEarly,
    };
  } finally {
    classifier.dispose();
  }
}
