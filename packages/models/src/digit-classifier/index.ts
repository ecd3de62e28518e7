import * as tfl from '@tensorflow/tfjs-layers';
import { InvalidConfigError } from '../errors';
import { seededInitializers } from '../layers';
import type { CreateModelOptions } from '../model';

type Symbolic = tfl.SymbolicTensor;

export interface DigitClassifierConfig {
  /** Side of the square input image (MNIST: 28). */
  imageSize: number;
  /** Colour channels of the input: 1 (grey, MNIST) or 3 (RGB). */
  channels: 1 | 3;
  /**
   * Filters of the conv blocks, one block per entry (two 3x3 convs and a 2x2 max pool each), so the
   * number of entries sets how far the image is pooled before the dense layer. Default `[32, 64]`, and
   * `[32, 64, 128]` for images of 48 px and more, which keeps the flattened size at 8x8x128 for 64 px
   * instead of 16x16x64.
   */
  filters: readonly number[];
  /** Size of the penultimate (feature) layer. */
  featureSize: number;
  /** Dropout before the logits during training. */
  dropout: number;
  numClasses: number;
}

export const DIGIT_CLASSIFIER_DEFAULTS: DigitClassifierConfig = {
  imageSize: 28,
  channels: 1,
  filters: [32, 64],
  featureSize: 128,
  dropout: 0.25,
  numClasses: 10,
};

export interface DigitClassifier {
  readonly config: DigitClassifierConfig;
  /**
   * `[N, imageSize, imageSize, channels]` in [0, 1] -> class probabilities `[N, numClasses]` (softmax). Compile with
   * `categoricalCrossentropy` / `sparseCategoricalCrossentropy` and train with `model.fit`.
   */
  readonly model: tfl.LayersModel;
  /**
   * Same layers and weights as `model`, output = the penultimate ReLU features `[N, featureSize]`
   * (for FID-style or feature-distance evaluation). Training `model` updates it too.
   */
  readonly featureModel: tfl.LayersModel;
  dispose(): void;
}

/** The default `filters` for an image size: `[32, 64]`, plus a 128-filter block from 48 px. */
function defaultClassifierFilters(imageSize: number): number[] {
  return imageSize >= 48 ? [32, 64, 128] : [32, 64];
}

/**
 * Small MNIST CNN for evaluating generated digits: [Conv3x3 same, ReLU, Conv3x3 same, ReLU, MaxPool2] x 2
 * (32 then 64 filters), Flatten, Dense 128 ReLU (the features), Dropout, Dense 10 softmax; 467,818
 * parameters with the defaults. This classic layout is known to reach about 99% on MNIST; it has not been
 * trained in this package (training belongs to @ifa/train). `options.seed` makes the initial weights
 * reproducible (Glorot-uniform kernels, as tfjs' default); the dropout layer stays unseeded (see README).
 *
 * The same CNN judges other pictures: `channels: 3` takes RGB input, `numClasses` any class count >= 2,
 * and from 48 px a third block (128 filters) is added unless `filters` is given, so 64x64x3 with 5
 * classes flattens 8x8x128 = 8,192 values and has 1,336,357 parameters. The defaults build exactly the
 * layers, in the same order (so the same seeded weights), as before these options existed.
 */
export function createDigitClassifier(
  config: Partial<DigitClassifierConfig> = {},
  options: CreateModelOptions = {},
): DigitClassifier {
  const imageSize = config.imageSize ?? DIGIT_CLASSIFIER_DEFAULTS.imageSize;
  const c: DigitClassifierConfig = {
    ...DIGIT_CLASSIFIER_DEFAULTS,
    ...config,
    filters: [...(config.filters ?? defaultClassifierFilters(imageSize))],
  };
  const ints = [c.imageSize, ...c.filters, c.featureSize, c.numClasses];
  if (
    !ints.every((v) => Number.isInteger(v) && v > 0) ||
    c.filters.length === 0 ||
    // Every block halves the image; at least one pixel must be left for the dense layer.
    c.imageSize < 2 ** c.filters.length ||
    c.imageSize < 4 ||
    c.numClasses < 2 ||
    (c.channels !== 1 && c.channels !== 3) ||
    !(c.dropout >= 0 && c.dropout < 1)
  ) {
    throw new InvalidConfigError(
      `invalid digit classifier config ${JSON.stringify(c)}: expected positive integer sizes, 1 or 3 ` +
        'channels, at least 2 classes, an image of at least 2^(filters.length) pixels and dropout in [0, 1).',
    );
  }
  const init = seededInitializers(options.seed);
  const input = tfl.input({ shape: [c.imageSize, c.imageSize, c.channels], name: 'image' });
  let x: Symbolic = input;
  c.filters.forEach((filters, i) => {
    for (const j of [1, 2]) {
      x = tfl.layers
        .conv2d({
          filters,
          kernelSize: 3,
          padding: 'same',
          activation: 'relu',
          kernelInitializer: init.glorotUniform(),
          name: `conv${i + 1}_${j}`,
        })
        .apply(x) as Symbolic;
    }
    x = tfl.layers.maxPooling2d({ poolSize: 2, name: `pool${i + 1}` }).apply(x) as Symbolic;
  });
  x = tfl.layers.flatten({ name: 'flatten' }).apply(x) as Symbolic;
  const features = tfl.layers
    .dense({
      units: c.featureSize,
      activation: 'relu',
      kernelInitializer: init.glorotUniform(),
      name: 'features',
    })
    .apply(x) as Symbolic;
  let y = tfl.layers.dropout({ rate: c.dropout, name: 'dropout' }).apply(features) as Symbolic;
  y = tfl.layers
    .dense({
      units: c.numClasses,
      activation: 'softmax',
      kernelInitializer: init.glorotUniform(),
      name: 'probabilities',
    })
    .apply(y) as Symbolic;
  const model = tfl.model({ inputs: input, outputs: y, name: 'digit_classifier' });
  const featureModel = tfl.model({ inputs: input, outputs: features, name: 'digit_features' });
  return {
    config: c,
    model,
    featureModel,
    dispose() {
      // The feature model shares every layer with `model`, so disposing `model` frees all weights.
      model.dispose();
    },
  };
}
