import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createVaegan } from '../src';
import { countTrainableParams } from '../src/model';
import { vaeganObjectives } from '../src/vaegan';
import { fixedBatch, modelContract } from './helpers';
import { useCpuBackend } from './setup-backend';

beforeAll(useCpuBackend);

describe('createVaegan', () => {
  modelContract({ create: () => createVaegan('tiny'), objectives: vaeganObjectives, noisy: true });

  it('sub-model shapes (tiny)', () => {
    const model = createVaegan('tiny');
    const { audio, image } = fixedBatch(2);
    const noise = tf.zeros([2, 28, 28, model.config.noiseChannels]);
    const [mu] = model.encoder.predict([audio, noise]) as tf.Tensor[];
    expect(mu!.shape).toEqual([2, 4]);
    const score = model.discriminator.predict([image, audio]) as tf.Tensor;
    expect(score.shape).toEqual([2, 1]);
    tf.dispose([audio, image, noise, mu!, score]);
    model.dispose();
  });

  it('seed preset has the original trainable parameter count', () => {
    const model = createVaegan('seed');
    // Encoder = CVAE encoder with 1 + 100 input channels: first conv 4*101*64 = 25856 instead of 256,
    // so 2272276 - 256 + 25856 = 2297876.
    expect(countTrainableParams(model.encoder)).toBe(2_297_876);
    // Decoder as the CVAE: 205248. Discriminator as the CGAN: 169216.
    expect(countTrainableParams(model.decoder)).toBe(205_248);
    expect(countTrainableParams(model.discriminator)).toBe(169_216);
    model.dispose();
  });

  it('reconstruction weight is a config and changes the generator loss', async () => {
    const a = createVaegan({ preset: 'tiny', reconstructionWeight: 1 });
    const b = createVaegan({ preset: 'tiny', reconstructionWeight: 0 });
    b.decoder.setWeights(a.decoder.getWeights());
    b.encoder.setWeights(a.encoder.getWeights());
    b.discriminator.setWeights(a.discriminator.getWeights());
    const batch = fixedBatch(2);
    const ta = await vaeganObjectives(a).generator.terms(batch, { seed: 1 });
    const tb = await vaeganObjectives(b).generator.terms(batch, { seed: 1 });
    expect(ta.reconstruction).toBeCloseTo(tb.reconstruction!, 3);
    expect(ta.loss! - tb.loss!).toBeCloseTo(ta.reconstruction!, 2);
    tf.dispose([batch.audio, batch.image]);
    a.dispose();
    b.dispose();
  });
});
