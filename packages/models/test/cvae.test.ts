import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCvae } from '../src';
import { resolveConfig } from '../src/config';
import { cvaeObjectives } from '../src/cvae';
import { seededInitializers } from '../src/layers';
import { countTrainableParams } from '../src/model';
import { buildVaeDecoder } from '../src/vae';
import { fixedBatch, maxAbsDiff, modelContract } from './helpers';
import { useCpuBackend } from './setup-backend';

beforeAll(useCpuBackend);

describe('createCvae', () => {
  modelContract({ create: () => createCvae('tiny'), objectives: cvaeObjectives, noisy: true });

  it('sub-model shapes (tiny) and latent "mean" ignores the seed', () => {
    const model = createCvae('tiny');
    const { audio, image } = fixedBatch(2);
    const [mu, logvar] = model.encoder.predict(audio) as tf.Tensor[];
    expect(mu!.shape).toEqual([2, 4]);
    expect(logvar!.shape).toEqual([2, 4]);
    const decoded = model.decoder.predict(mu!) as tf.Tensor;
    expect(decoded.shape).toEqual([2, 28, 28, 1]);
    const a = model.generate(audio, { seed: 1, latent: 'mean' });
    const b = model.generate(audio, { seed: 2, latent: 'mean' });
    expect(maxAbsDiff(a, b)).toBe(0);
    tf.dispose([audio, image, mu!, logvar!, decoded, a, b]);
    model.dispose();
  });

  it('seed decoder can write only 100 of 784 pixels; the small decoder all 784', () => {
    const writable = (decoder: tfl.LayersModel, latentSize: number) =>
      tf.tidy(() => {
        // A pixel is writable if its value differs between some latent vectors.
        const z = tf.randomNormal([8, latentSize], 0, 3, 'float32', 5);
        const images = decoder.predict(z) as tf.Tensor;
        const spread = tf.sub(tf.max(images, 0), tf.min(images, 0));
        return tf.sum(tf.cast(tf.greater(spread, 0), 'int32')).dataSync()[0]!;
      });
    const seed = buildVaeDecoder(resolveConfig('cvae', 'seed'), seededInitializers());
    const small = buildVaeDecoder(resolveConfig('cvae', 'small'), seededInitializers());
    expect(writable(seed, 10)).toBe(100);
    expect(writable(small, 10)).toBe(784);
    seed.dispose();
    small.dispose();
  });

  it('seed preset has the original trainable parameter count', () => {
    const model = createCvae('seed');
    // Encoder (convs without bias): conv 1->64 k2 (4*64 = 256); conv 64->128 k2 (32768) + BN 256;
    // conv 128->256 k2 (131072) + BN 512; conv 256->512 k4 (16*256*512 = 2097152);
    // Linear 512->10 twice (2 * 5130 = 10260). Total 2272276.
    expect(countTrainableParams(model.encoder)).toBe(2_272_276);
    // Decoder (no bias): ConvT 10->256 k4 (16*10*256 = 40960); ConvT 256->128 k2 (131072) + BN 256;
    // ConvT 128->64 k2 (32768) + BN 128; ConvT 64->1 k1 (64). Total 205248.
    expect(countTrainableParams(model.decoder)).toBe(205_248);
    model.dispose();
  });
});
