import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDigitClassifier, InvalidConfigError } from '../src';
import { countTrainableParams } from '../src/model';
import { maxAbsDiff } from './helpers';
import { useCpuBackend } from './setup-backend';

beforeAll(useCpuBackend);

describe('createDigitClassifier', () => {
  it('gives probabilities and shares weights with its feature model', () => {
    const classifier = createDigitClassifier({ filters: [4, 8], featureSize: 16 });
    const images = tf.randomUniform([3, 28, 28, 1], 0, 1, 'float32', 1);
    const probabilities = classifier.model.predict(images) as tf.Tensor;
    const features = classifier.featureModel.predict(images) as tf.Tensor;
    expect(probabilities.shape).toEqual([3, 10]);
    expect(features.shape).toEqual([3, 16]);
    const sums = tf.sum(probabilities, 1);
    expect(maxAbsDiff(sums, tf.onesLike(sums))).toBeLessThan(1e-5);
    // Shared layers: changing the feature layer of `model` changes `featureModel`'s output.
    const layer = classifier.model.getLayer('features');
    layer.setWeights(layer.getWeights().map((w) => tf.mul(w, 2)));
    const after = classifier.featureModel.predict(images) as tf.Tensor;
    expect(maxAbsDiff(after, features)).toBeGreaterThan(0);
    tf.dispose([images, probabilities, features, sums, after]);
    classifier.dispose();
  });

  it('default size: 2 conv blocks (32, 64) + dense 128 + dense 10', () => {
    const classifier = createDigitClassifier();
    // conv 1->32: 9*32+32 = 320; 32->32: 9216+32 = 9248; 32->64: 18432+64 = 18496; 64->64: 36864+64 = 36928;
    // dense 7*7*64 = 3136 -> 128: 401408+128 = 401536; dense 128->10: 1290. Total 467818.
    expect(countTrainableParams(classifier.model)).toBe(467_818);
    classifier.dispose();
    expect(() => createDigitClassifier({ dropout: 1 })).toThrow(InvalidConfigError);
  });
});

describe('createDigitClassifier for other pictures', () => {
  it('64x64 RGB with 5 classes: a third block from 48 px, 1,336,357 parameters', () => {
    const classifier = createDigitClassifier({ imageSize: 64, channels: 3, numClasses: 5 });
    expect(classifier.config.filters).toEqual([32, 64, 128]);
    // conv 3->32: 27*32+32 = 896; 32->32: 9248; 32->64: 18496; 64->64: 36928; 64->128: 73856;
    // 128->128: 147584; dense 8*8*128 = 8192 -> 128: 1048576+128 = 1048704; dense 128->5: 645.
    expect(countTrainableParams(classifier.model)).toBe(1_336_357);
    expect(classifier.model.getLayer('flatten').outputShape).toEqual([null, 8192]);
    const images = tf.randomUniform([2, 64, 64, 3], 0, 1, 'float32', 2);
    const probabilities = classifier.model.predict(images) as tf.Tensor;
    expect(probabilities.shape).toEqual([2, 5]);
    tf.dispose([images, probabilities]);
    classifier.dispose();
  });

  it('explicit filters set the number of blocks; defaults keep the MNIST layout', () => {
    const small = createDigitClassifier({ imageSize: 64, channels: 3, numClasses: 2, filters: [4, 8] });
    expect(small.model.getLayer('flatten').outputShape).toEqual([null, 16 * 16 * 8]);
    small.dispose();
    const digits = createDigitClassifier();
    expect(digits.config).toMatchObject({ imageSize: 28, channels: 1, filters: [32, 64], numClasses: 10 });
    expect(digits.model.layers.map((layer) => layer.name)).toEqual([
      'image',
      'conv1_1',
      'conv1_2',
      'pool1',
      'conv2_1',
      'conv2_2',
      'pool2',
      'flatten',
      'features',
      'dropout',
      'probabilities',
    ]);
    digits.dispose();
  });

  it.each([
    ['one class', { numClasses: 1 }],
    ['two channels', { channels: 2 as 1 }],
    ['no blocks', { filters: [] }],
    ['more blocks than the image can halve', { imageSize: 8, filters: [4, 4, 4, 4] }],
  ])('rejects %s', (_name, config) => {
    expect(() => createDigitClassifier(config)).toThrow(InvalidConfigError);
  });
});
