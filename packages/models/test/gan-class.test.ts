import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createVaegan,
  createWgan,
  InvalidInputError,
  loadModel,
  saveModel,
  trainingSchedule,
  type VaeganConfig,
  type WganConfig,
} from '../src';
import { vaeganObjectives } from '../src/vaegan';
import { wganObjectives } from '../src/wgan';
import { disposeBatch, fixedBatch, maxAbsDiff, modelContract, withTempDir } from './helpers';
import { useCpuBackend } from './setup-backend';

beforeAll(useCpuBackend);

/** The recommended recipes at test size. */
const TINY_WGAN: Partial<WganConfig> & { preset: 'recommended' } = {
  preset: 'recommended',
  noiseSize: 4,
  audioEncoderFilters: 4,
  generatorFilters: 2,
  criticFilters: 4,
};
const TINY_VAEGAN: Partial<VaeganConfig> & { preset: 'recommended' } = {
  preset: 'recommended',
  filters: 4,
  hiddenUnits: 16,
  latentSize: 3,
  discriminatorFilters: 4,
};

/** Class k: the audio has its bright row at 2k + 4, the image a bright column at 2k + 4. */
function toyBatch(n: number) {
  const labelsArray = Array.from({ length: n }, (_, i) => i % 2);
  const stack = (kind: 'row' | 'column') => {
    const data = new Float32Array(n * 784);
    for (const [i, k] of labelsArray.entries()) {
      for (let j = 0; j < 28; j++)
        data[i * 784 + (kind === 'row' ? (2 * k + 4) * 28 + j : j * 28 + 2 * k + 4)] = 1;
    }
    return tf.tensor4d(data, [n, 28, 28, 1]);
  };
  return {
    labelsArray,
    batch: { audio: stack('row'), image: stack('column'), labels: tf.tensor1d(labelsArray, 'int32') },
  };
}

describe('createWgan with conditioning "class"', () => {
  modelContract({
    create: () => createWgan(TINY_WGAN, { seed: 1 }),
    objectives: wganObjectives,
    noisy: true,
  });

  it('owns an audio classifier, a noise+class generator and a projection critic; trains the classifier every batch', () => {
    const model = createWgan(TINY_WGAN, { seed: 1 });
    expect(Object.keys(model.models)).toEqual(['audioClassifier', 'generator', 'critic']);
    expect(model.generator.inputs.map((input) => input.shape)).toEqual([
      [null, 4],
      [null, 10],
    ]);
    expect(model.critic.inputs.map((input) => input.shape)).toEqual([
      [null, 28, 28, 1],
      [null, 10],
    ]);
    expect(trainingSchedule(model).map((phase) => [phase.name, phase.every])).toEqual([
      ['critic', 1],
      ['generator', 2],
      ['classifier', 1],
    ]);
    model.dispose();
  });

  it("the critic's score depends on the class it is told (projection), and training without labels is refused", () => {
    const model = createWgan(TINY_WGAN, { seed: 1 });
    const { audio, image, labels } = fixedBatch(2);
    const scores = (k: number) =>
      tf.tidy(
        () =>
          model.critic.predict([
            image,
            tf.cast(tf.oneHot(tf.tensor1d([k, k], 'int32'), 10), 'float32'),
          ]) as tf.Tensor,
      );
    const [three, seven] = [scores(3), scores(7)];
    expect(maxAbsDiff(three, seven)).toBeGreaterThan(0);
    const { critic } = wganObjectives(model);
    expect(() => critic.loss({ audio, image })).toThrow(InvalidInputError);
    expect(() => critic.loss({ audio, image })).toThrow(/a WGAN-GP with conditioning "class".*batch\.labels/);
    tf.dispose([audio, image, labels, three, seven]);
    model.dispose();
  });

  it('draws the class its audio classifier hears (toy data: classifier phase only, generator untouched)', async () => {
    const model = createWgan({ ...TINY_WGAN, classCount: 2 }, { seed: 3 });
    const { batch, labelsArray } = toyBatch(8);
    const { classifier } = wganObjectives(model);
    const optimizer = tf.train.adam(1e-2);
    for (let step = 0; step < 60; step++) {
      optimizer.minimize(() => classifier!.loss(batch, { seed: step }), false, classifier!.variables);
    }
    const heard = tf.tidy(() =>
      Array.from(tf.argMax(model.audioClassifier!.predict(batch.audio) as tf.Tensor, 1).dataSync()),
    );
    expect(heard).toEqual(labelsArray);
    // generate feeds the classifier's probabilities: with the same noise, a class-0 recording and a class-1
    // recording give the generator's class-0 and class-1 pictures.
    const drawn = model.generate(batch.audio, { seed: 4 });
    const probabilities = tf.tidy(() =>
      tf.softmax(model.audioClassifier!.predict(batch.audio) as tf.Tensor2D),
    );
    const flipped = tf.tidy(() => tf.reverse(probabilities, 1));
    expect(tf.tidy(() => tf.min(tf.max(probabilities, 1)).dataSync()[0]!)).toBeGreaterThan(0.9);
    const noise = tf.zeros([8, TINY_WGAN.noiseSize!]);
    const byClass = tf.tidy(() => model.generator.predict([noise, probabilities]) as tf.Tensor);
    const byOtherClass = tf.tidy(() => model.generator.predict([noise, flipped]) as tf.Tensor);
    expect(maxAbsDiff(byClass, byOtherClass)).toBeGreaterThan(0);
    optimizer.dispose();
    tf.dispose([drawn, probabilities, flipped, noise, byClass, byOtherClass]);
    disposeBatch(batch);
    model.dispose();
  });
});

describe('createVaegan with conditioning "class"', () => {
  modelContract({
    create: () => createVaegan(TINY_VAEGAN, { seed: 1 }),
    objectives: vaeganObjectives,
    noisy: true,
  });

  it('owns the class CVAE sub-models and a projection discriminator', () => {
    const model = createVaegan(TINY_VAEGAN, { seed: 1 });
    expect(Object.keys(model.models)).toEqual(['audioClassifier', 'encoder', 'decoder', 'discriminator']);
    expect(model.discriminator.inputs.map((input) => input.shape)).toEqual([
      [null, 28, 28, 1],
      [null, 10],
    ]);
    expect(model.discriminator.outputs[0]?.shape).toEqual([null, 1]);
    expect(trainingSchedule(model).map((phase) => [phase.name, phase.every])).toEqual([
      ['discriminator', 1],
      ['generator', 1],
      ['classifier', 1],
    ]);
    const { audio, image } = fixedBatch(2);
    const { generator } = vaeganObjectives(model);
    expect(() => generator.loss({ audio, image })).toThrow(
      /a VAE-GAN with conditioning "class".*batch\.labels/,
    );
    tf.dispose([audio, image]);
    model.dispose();
  });

  it('generate decodes z with the class its audio classifier hears; temperature 0 is z = 0', () => {
    // Learning the class is the audio classifier's phase, shared with the class CVAE (whose toy test
    // trains it end to end; the discriminator's backprop-filter convs make a toy run slow on the cpu
    // backend). Here: what generate feeds the decoder.
    const model = createVaegan(TINY_VAEGAN, { seed: 1 });
    const { audio, image, labels } = fixedBatch(3);
    const typical = model.generate(audio, { latent: 'mean' });
    const cold = model.generate(audio, { seed: 9, temperature: 0 });
    const expected = tf.tidy(() => {
      const heard = tf.softmax(model.audioClassifier!.predict(audio) as tf.Tensor2D);
      return tf.sigmoid(model.decoder.predict([tf.zeros([3, 3]), heard]) as tf.Tensor);
    });
    expect(maxAbsDiff(typical, expected)).toBeLessThan(1e-6);
    expect(maxAbsDiff(cold, expected)).toBeLessThan(1e-6);
    const drawn = model.generate(audio, { seed: 9 });
    expect(maxAbsDiff(drawn, expected)).toBeGreaterThan(0);
    tf.dispose([audio, image, labels, typical, cold, expected, drawn]);
    model.dispose();
  });

  it('a VAE-GAN saved before conditioning existed loads as conditioned on audio, whatever its preset', async () => {
    const model = createVaegan('tiny', { seed: 1 });
    await withTempDir(async (dir) => {
      await saveModel(model, dir);
      const manifestPath = join(dir, 'ifa-model.json');
      const manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
      const { conditioning, hiddenUnits, classCount, samplingTemperature, ...before } = manifest.config;
      expect([conditioning, hiddenUnits, classCount, samplingTemperature]).toEqual(['audio', 512, 10, 1]);
      // `recommended` was `small` then; today it is conditioned on class.
      manifest.config = { ...before, preset: 'recommended' };
      await writeFile(manifestPath, JSON.stringify(manifest));
      const loaded = await loadModel(dir, { kind: 'vaegan' });
      expect(loaded.config.conditioning).toBe('audio');
      expect(Object.keys(loaded.models)).toEqual(['encoder', 'decoder', 'discriminator']);
      loaded.dispose();
    });
    model.dispose();
  });
});
