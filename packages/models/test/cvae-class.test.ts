import { InvalidOptionError } from '@ifa/core';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { type CvaeConfig, createCvae, createVaegan, createWgan, InvalidInputError } from '../src';
import { cvaeObjectives } from '../src/cvae';
import { disposeBatch, fixedBatch, maxAbsDiff, modelContract } from './helpers';
import { useCpuBackend } from './setup-backend';

beforeAll(useCpuBackend);

/** The recommended recipe at test size. */
const TINY_CLASS: Partial<CvaeConfig> & { preset: 'recommended' } = {
  preset: 'recommended',
  filters: 4,
  hiddenUnits: 16,
  latentSize: 3,
};

describe('createCvae with conditioning "class"', () => {
  modelContract({
    create: () => createCvae(TINY_CLASS, { seed: 1 }),
    objectives: cvaeObjectives,
    noisy: true,
  });

  it('owns an audio classifier, an image+class encoder and a z+class decoder', () => {
    const model = createCvae(TINY_CLASS, { seed: 1 });
    expect(model.config.conditioning).toBe('class');
    expect(Object.keys(model.models)).toEqual(['audioClassifier', 'encoder', 'decoder']);
    expect(model.audioClassifier?.outputs[0]?.shape).toEqual([null, 10]);
    expect(model.encoder.inputs.map((input) => input.shape)).toEqual([
      [null, 28, 28, 1],
      [null, 10],
    ]);
    expect(model.decoder.inputs.map((input) => input.shape)).toEqual([
      [null, 3],
      [null, 10],
    ]);
    model.dispose();
  });

  it('training without labels fails with an error that says what to pass', () => {
    const model = createCvae(TINY_CLASS, { seed: 1 });
    const { audio, image, labels } = fixedBatch(2);
    const { vae } = cvaeObjectives(model);
    expect(() => vae.loss({ audio, image })).toThrow(InvalidInputError);
    expect(() => vae.loss({ audio, image })).toThrow(/batch\.labels/);
    const wrong = tf.tensor1d([1, 2, 3], 'int32');
    expect(() => vae.loss({ audio, image, labels: wrong })).toThrow(/shape \[2\]/);
    tf.dispose([audio, image, labels, wrong]);
    model.dispose();
  });

  it('latent "mean" and temperature 0 both decode z = 0; a bad temperature is refused', () => {
    const model = createCvae(TINY_CLASS, { seed: 1 });
    const batch = fixedBatch(2);
    const mean1 = model.generate(batch.audio, { seed: 1, latent: 'mean' });
    const mean2 = model.generate(batch.audio, { seed: 2, latent: 'mean' });
    const cold = model.generate(batch.audio, { seed: 3, temperature: 0 });
    const hot = model.generate(batch.audio, { seed: 3, temperature: 2 });
    expect(maxAbsDiff(mean1, mean2)).toBe(0);
    expect(maxAbsDiff(mean1, cold)).toBeLessThan(1e-6);
    expect(maxAbsDiff(mean1, hot)).toBeGreaterThan(0);
    expect(() => model.generate(batch.audio, { temperature: -1 })).toThrow(InvalidOptionError);
    tf.dispose([mean1, mean2, cold, hot]);
    disposeBatch(batch);
    model.dispose();
  });

  it('learns to draw the class the audio says (toy data)', async () => {
    // Class k: the audio has its bright row at 2k + 4, the image a bright column at 2k + 4. Two classes
    // keep it fast; the test fails if the decoder ignores the classifier's output or the labels.
    const model = createCvae({ ...TINY_CLASS, classCount: 2 }, { seed: 3 });
    const n = 16;
    const make = (k: number, kind: 'row' | 'column') => {
      const pixels = new Float32Array(28 * 28);
      for (let i = 0; i < 28; i++) pixels[kind === 'row' ? (2 * k + 4) * 28 + i : i * 28 + 2 * k + 4] = 1;
      return pixels;
    };
    const labelsArray = Array.from({ length: n }, (_, i) => i % 2);
    const stack = (kind: 'row' | 'column') => {
      const data = new Float32Array(n * 784);
      for (const [i, k] of labelsArray.entries()) data.set(make(k, kind), i * 784);
      return tf.tensor4d(data, [n, 28, 28, 1]);
    };
    const batch = {
      audio: stack('row'),
      image: stack('column'),
      labels: tf.tensor1d(labelsArray, 'int32'),
    };
    const { vae } = cvaeObjectives(model);
    const optimizer = tf.train.adam(1e-2);
    for (let step = 0; step < 120; step++) {
      const cost = optimizer.minimize(() => vae.loss(batch, { seed: step }), true, vae.variables);
      cost?.dispose();
    }
    const heard = tf.tidy(() =>
      tf.argMax(model.audioClassifier!.predict(batch.audio) as tf.Tensor, 1).dataSync(),
    );
    expect(Array.from(heard), 'the audio classifier tells the classes apart').toEqual(labelsArray);
    const brightestColumns = (images: tf.Tensor) =>
      Array.from(tf.tidy(() => tf.argMax(tf.sum(images, [1, 3]), 1).dataSync()));
    const expected = labelsArray.map((k) => 2 * k + 4);
    // z = 0, the typical image of the class the classifier heard: every one right.
    const typical = model.generate(batch.audio, { latent: 'mean' });
    expect(brightestColumns(typical)).toEqual(expected);
    // Noise draws: mostly right. Early in training the encoder also writes the class into z, so a prior draw
    // can still land on the other class now and then (on real digits this is what the sampling temperature
    // trades against diversity); the training noise goes through unseeded dropout, so a fixed count would
    // be luck.
    const noisy = model.generate(batch.audio, { seed: 5 });
    const drawn = brightestColumns(noisy);
    const right = drawn.filter((column, i) => column === expected[i]).length;
    expect(right).toBeGreaterThanOrEqual(12);
    optimizer.dispose();
    tf.dispose([typical, noisy]);
    disposeBatch(batch);
    model.dispose();
  });
});

describe('audio classifier layout "deep"', () => {
  const TINY_DEEP = { ...TINY_CLASS, audioClassifierLayout: 'deep' } as const;

  modelContract({
    create: () => createCvae(TINY_DEEP, { seed: 1 }),
    objectives: cvaeObjectives,
    noisy: true,
  });

  it('has two batch-normalised convs per scale, then the same head as "small"', () => {
    const deep = createCvae(TINY_DEEP, { seed: 1 });
    const small = createCvae(TINY_CLASS, { seed: 1 });
    const convs = deep.audioClassifier!.layers.filter((l) => l.getClassName() === 'Conv2D');
    expect(convs.map((l) => [l.getConfig().filters, (l.getConfig().strides as number[])[0]])).toEqual([
      [8, 1],
      [8, 2],
      [16, 1],
      [16, 2],
    ]);
    expect(
      deep.audioClassifier!.layers.filter((l) => l.getClassName() === 'BatchNormalization'),
    ).toHaveLength(4);
    // Both read a 7 x 7 map into the 64-unit layer, so only the convs differ.
    const hidden = (m: typeof deep) => m.audioClassifier!.getLayer('a_hidden').getWeights()[0]!.shape;
    expect(hidden(deep)).toEqual([7 * 7 * 16, 64]);
    expect(hidden(small)).toEqual([7 * 7 * 8, 64]);
    deep.dispose();
    small.dispose();
  });

  it('64 x 64 models get one more stride-2 conv; every class-conditioned kind accepts it', () => {
    const cvae = createCvae({ ...TINY_DEEP, imageSize: 64, inputHeight: 64, inputWidth: 64 }, { seed: 1 });
    expect(cvae.audioClassifier!.getLayer('a_hidden').getWeights()[0]!.shape).toEqual([8 * 8 * 16, 64]);
    cvae.dispose();
    for (const create of [
      () =>
        createVaegan({ preset: 'recommended', filters: 4, hiddenUnits: 16, audioClassifierLayout: 'deep' }),
      () => createWgan({ preset: 'recommended', audioEncoderFilters: 4, audioClassifierLayout: 'deep' }),
    ]) {
      const model = create();
      expect(
        model.models.audioClassifier!.layers.some((l) => l.getClassName() === 'BatchNormalization'),
      ).toBe(true);
      model.dispose();
    }
  });

  it('an unknown layout is refused, naming the allowed ones', () => {
    expect(() => createCvae({ ...TINY_CLASS, audioClassifierLayout: 'huge' as 'deep' })).toThrow(
      /audioClassifierLayout" must be one of "small", "deep", got "huge"/,
    );
  });
});
