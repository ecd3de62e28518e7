import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createWgan, WGAN_ORIGINAL_MNIST_64 } from '../src';
import { countTrainableParams } from '../src/model';
import { wganObjectives } from '../src/wgan';
import { fixedBatch, maxAbsDiff, modelContract } from './helpers';
import { useCpuBackend } from './setup-backend';

beforeAll(useCpuBackend);

describe('createWgan', () => {
  modelContract({ create: () => createWgan('tiny'), objectives: wganObjectives, noisy: true });

  it('conditional: output depends on the audio; sub-model shapes (tiny)', () => {
    const model = createWgan('tiny');
    const { audio, image } = fixedBatch(2);
    const other = tf.sub(1, audio) as tf.Tensor4D;
    const a = model.generate(audio, { seed: 5 });
    const b = model.generate(other, { seed: 5 });
    expect(maxAbsDiff(a, b)).toBeGreaterThan(0);
    const score = model.critic.predict([image, audio]) as tf.Tensor;
    expect(score.shape).toEqual([2, 1]);
    tf.dispose([audio, image, other, a, b, score]);
    model.dispose();
  });

  it('unconditioned 64 x 64 option (tiny widths): shapes, audio only sets the batch size', () => {
    const model = createWgan({ ...WGAN_ORIGINAL_MNIST_64, preset: 'tiny' });
    const zeros = tf.zeros([3, 64, 64, 1]) as tf.Tensor4D;
    const ones = tf.ones([3, 64, 64, 1]) as tf.Tensor4D;
    const a = model.generate(zeros, { seed: 2 });
    const b = model.generate(ones, { seed: 2 });
    expect(a.shape).toEqual([3, 64, 64, 1]);
    expect(maxAbsDiff(a, b)).toBe(0);
    const score = model.critic.predict(a) as tf.Tensor;
    expect(score.shape).toEqual([3, 1]);
    tf.dispose([zeros, ones, a, b, score]);
    model.dispose();
  });

  it('original unconditioned 64 x 64 seed config has the original trainable parameter count', () => {
    const model = createWgan({ ...WGAN_ORIGINAL_MNIST_64 });
    // Generator (ConvT without bias, BN 2 per channel): 100->1024 k4 (16*100*1024 = 1638400) + 2048;
    // 1024->512 k4 (8388608) + 1024; 512->256 (2097152) + 512; 256->128 (524288) + 256;
    // 128->1 k4 with bias (2048 + 1). Total 12654337.
    expect(countTrainableParams(model.generator)).toBe(12_654_337);
    // Critic (no bias, instance norm affine 2 per channel): 1->64 k4 (1024); 64->128 (131072) + 256;
    // 128->256 (524288) + 512; 256->512 (2097152) + 1024; 512->1 k4 (8192). Total 2763520.
    expect(countTrainableParams(model.critic)).toBe(2_763_520);
    model.dispose();
  });

  it('conditional 28 x 28 seed preset has the documented trainable parameter count', () => {
    const model = createWgan('seed');
    // Audio encoder: conv 1->64 k4 (1024); conv 64->128 k4 (131072) + BN 256; Dense 7*7*128 -> 100 (627300).
    // Generator on 100 noise + 100 embedding: ConvT 200->1024 k4 (3276800) + 2048; 1024->512 k3 (4718592)
    // + 1024; 512->256 k4 (2097152) + 512; 256->1 k4 + bias (4097). Total 10859877.
    expect(countTrainableParams(model.generator)).toBe(10_859_877);
    // Critic on concat(image, audio): 2->64 k4 (16*2*64 = 2048); 64->128 k4 (131072) + IN 256;
    // 128->256 k4 (524288) + 512; 256->512 k3 (9*256*512 = 1179648) + 1024; 512->1 k3 (4608). Total 1843456.
    expect(countTrainableParams(model.critic)).toBe(1_843_456);
    model.dispose();
  });
});
