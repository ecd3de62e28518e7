import * as tfl from '@tensorflow/tfjs-layers';
import { InvalidConfigError } from '../errors';
import { seededInitializers } from '../layers';
import type { CreateModelOptions } from '../model';

type Symbolic = tfl.SymbolicTensor;

export interface DigitClassifierConfig {
  /** Side of the square grey input image (MNIST: 28). */
  imageSize: number;
  /** Filters of the two conv blocks. */
  filters: [number, number];
  /** Size of the penultimate (feature) layer. */
  featureSize: number;
  /** Dropout before the logits during training. */
  dropout: number;
  numClasses: number;
}

export const DIGIT_CLASSIFIER_DEFAULTS: DigitClassifierConfig = {
  imageSize: 28,
  filters: [32, 64],
  featureSize: 128,
  dropout: 0.25,
  numClasses: 10,
};

export interface DigitClassifier {
  readonly config: DigitClassifierConfig;
  /**
   * `[N, 28, 28, 1]` in [0, 1] -> class probabilities `[N, 10]` (softmax). Compile with
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

/**
 * Small MNIST CNN for evaluating generated digits: [Conv3x3 same, ReLU, Conv3x3 same, ReLU, MaxPool2] x 2
 * (32 then 64 filters), Flatten, Dense 128 ReLU (the features), Dropout, Dense 10 softmax; 467,818
 * parameters with the defaults. This classic layout is known to reach about 99% on MNIST; it has not been
 * trained in this package (training belongs to @ifa/train). `options.seed` makes the initial weights
 * reproducible (Glorot-uniform kernels, as tfjs' default); the dropout layer stays unseeded (see README).
 */
export function createDigitClassifier(
  config: Partial<DigitClassifierConfig> = {},
  options: CreateModelOptions = {},
): DigitClassifier {
  const c: DigitClassifierConfig = {
    ...DIGIT_CLASSIFIER_DEFAULTS,
    ...config,
    filters: [...(config.filters ?? DIGIT_CLASSIFIER_DEFAULTS.filters)] as [number, number],
  };
  const ints = [c.imageSize, ...c.filters, c.featureSize, c.numClasses];
  if (
    !ints.every((v) => Number.isInteger(v) && v > 0) ||
    c.imageSize < 4 ||
    !(c.dropout >= 0 && c.dropout < 1)
  ) {
    throw new InvalidConfigError(`invalid digit classifier config ${JSON.stringify(c)}.`);
  }
  const init = seededInitializers(options.seed);
  const input = tfl.input({ shape: [c.imageSize, c.imageSize, 1], name: 'image' });
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
