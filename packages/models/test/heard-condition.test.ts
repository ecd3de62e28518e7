import { InvalidOptionError } from '@ifa/core';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCgan, createCvae, createVaegan, createWgan, HEARD_CONDITIONS, type IfaModel } from '../src';
import { fixedBatch, maxAbsDiff } from './helpers';
import { useCpuBackend } from './setup-backend';

beforeAll(useCpuBackend);

const TINY_CVAE = { preset: 'recommended', filters: 4, hiddenUnits: 16, latentSize: 3 } as const;
const TINY_WGAN = {
  preset: 'recommended',
  noiseSize: 4,
  audioEncoderFilters: 4,
  generatorFilters: 2,
  criticFilters: 4,
} as const;

/** The classifier's probabilities and the one-hot vector of its most likely class, `[N, 10]` each. */
function heardBy(classifier: { predict(x: tf.Tensor): tf.Tensor | tf.Tensor[] }, audio: tf.Tensor4D) {
  return tf.tidy(() => {
    const logits = classifier.predict(audio) as tf.Tensor2D;
    const oneHot = tf.cast(tf.oneHot(tf.argMax(logits, 1), 10), 'float32');
    return { probabilities: tf.softmax(logits), oneHot };
  });
}

describe("generate's heard option", () => {
  it("lists the two conditions, 'probabilities' first (the default)", () => {
    expect(HEARD_CONDITIONS).toEqual(['probabilities', 'most-likely']);
  });

  it.each([
    ['CVAE', () => createCvae(TINY_CVAE, { seed: 1 })],
    ['VAE-GAN', () => createVaegan({ ...TINY_CVAE, discriminatorFilters: 4 }, { seed: 1 })],
  ])("the %s decodes the most likely class one-hot with heard: 'most-likely'", (_name, create) => {
    const model = create();
    const { audio, image, labels } = fixedBatch(4);
    const { probabilities, oneHot } = heardBy(model.audioClassifier!, audio);
    // Untrained, the classifier is unsure: the blend and the one-hot vector differ, so the pictures must.
    expect(tf.tidy(() => tf.max(probabilities).dataSync()[0]!)).toBeLessThan(0.9);
    const decode = (condition: tf.Tensor) =>
      tf.tidy(() => tf.sigmoid(model.decoder.predict([tf.zeros([4, 3]), condition]) as tf.Tensor));
    const mostLikely = model.generate(audio, { latent: 'mean', heard: 'most-likely' });
    const blended = model.generate(audio, { latent: 'mean' });
    const explicitBlend = model.generate(audio, { latent: 'mean', heard: 'probabilities' });
    const [fromOneHot, fromProbabilities] = [decode(oneHot), decode(probabilities)];
    expect(maxAbsDiff(mostLikely, fromOneHot)).toBeLessThan(1e-6);
    expect(maxAbsDiff(blended, fromProbabilities)).toBeLessThan(1e-6);
    expect(maxAbsDiff(explicitBlend, blended)).toBe(0);
    expect(maxAbsDiff(mostLikely, blended)).toBeGreaterThan(1e-4);
    tf.dispose([audio, image, labels, probabilities, oneHot, mostLikely, blended, explicitBlend]);
    tf.dispose([fromOneHot, fromProbabilities]);
    model.dispose();
  });

  it("the WGAN-GP's generator gets the most likely class one-hot with heard: 'most-likely'", () => {
    const model = createWgan(TINY_WGAN, { seed: 2 });
    const { audio, image, labels } = fixedBatch(4);
    const { probabilities, oneHot } = heardBy(model.audioClassifier!, audio);
    // Same seed, same noise: only the condition differs between the two calls.
    const mostLikely = model.generate(audio, { seed: 5, heard: 'most-likely' });
    const blended = model.generate(audio, { seed: 5 });
    expect(maxAbsDiff(mostLikely, blended)).toBeGreaterThan(1e-5);
    // The one-hot call equals a call whose classifier is certain of the same classes: a second model with
    // the same weights, its classifier's last layer scaled so that softmax saturates to that one-hot.
    const certain = createWgan(TINY_WGAN, { seed: 2 });
    const logitsLayer = certain.audioClassifier!.getLayer('a_logits');
    const [kernel, bias] = logitsLayer.getWeights();
    logitsLayer.setWeights([tf.mul(kernel!, 1e4), tf.mul(bias!, 1e4)]);
    const saturated = certain.generate(audio, { seed: 5 });
    expect(maxAbsDiff(mostLikely, saturated)).toBeLessThan(1e-4);
    tf.dispose([audio, image, labels, probabilities, oneHot, mostLikely, blended, saturated]);
    model.dispose();
    certain.dispose();
  });

  it.each<[string, () => IfaModel]>([
    ['CVAE', () => createCvae(TINY_CVAE, { seed: 1 })],
    ['CGAN (no classifier: the option is still checked)', () => createCgan('tiny', { seed: 1 })],
  ])('the %s refuses an unknown value, naming the option and both choices', (_name, create) => {
    const model = create();
    const { audio, image, labels } = fixedBatch(2);
    const call = () => model.generate(audio, { heard: 'argmax' as never });
    expect(call).toThrow(InvalidOptionError);
    expect(call).toThrow(/heard.*'probabilities' or 'most-likely'/s);
    tf.dispose([audio, image, labels]);
    model.dispose();
  });
});
