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
