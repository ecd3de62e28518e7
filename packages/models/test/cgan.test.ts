import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCgan } from '../src';
import { cganObjectives } from '../src/cgan';
import { countTrainableParams } from '../src/model';
import { fixedBatch, modelContract } from './helpers';
import { useCpuBackend } from './setup-backend';

beforeAll(useCpuBackend);

describe('createCgan', () => {
  modelContract({ create: () => createCgan('tiny'), objectives: cganObjectives, noisy: false });

  it('sub-model shapes (tiny)', () => {
    const model = createCgan('tiny');
    const { audio, image } = fixedBatch(2);
    const fake = model.generator.predict(audio) as tf.Tensor;
    const score = model.discriminator.predict([image, audio]) as tf.Tensor;
    expect(fake.shape).toEqual([2, 28, 28, 1]);
    expect(score.shape).toEqual([2, 1]);
    tf.dispose([audio, image, fake, score]);
    model.dispose();
  });

  it('seed preset has the original trainable parameter count', () => {
    const model = createCgan('seed');
    // ResUNet generator, convs with bias, BN = 2 trainable per channel (gamma, beta).
    // Residual block (i -> o): BN(i) 2i + conv3x3 9io+o + BN(o) 2o + conv3x3 9oo+o + skip conv3x3 9io+o + BN 2o
    //   = 2i + 18io + 9o^2 + 7o.
    // input block: conv 1->64 (9*64+64 = 640) + BN 128 + conv 64->64 (36864+64 = 36928) + skip 1->64 (640) = 38336
    // enc1 (64->128)   = 128 + 147456 + 147456 + 896     = 295936
    // enc2 (128->256)  = 256 + 589824 + 589824 + 1792    = 1181696
    // bridge (256->512)= 512 + 2359296 + 2359296 + 3584  = 4722688
    // up1 ConvT 512->512 k3 = 9*512*512+512 = 2359808;  dec1 (768->256) = 1536 + 3538944 + 589824 + 1792 = 4132096
    // up2 ConvT 256->256 k4 = 16*256*256+256 = 1048832; dec2 (384->128) = 768 + 884736 + 147456 + 896 = 1033856
    // up3 ConvT 128->128 k4 = 16*128*128+128 = 262272;  dec3 (192->64)  = 384 + 221184 + 36864 + 448  = 258880
    // out conv1x1 64->1 = 65
    // total = 15334465
    expect(countTrainableParams(model.generator)).toBe(15_334_465);
    // Discriminator (no conv bias): conv 2->64 k2 (4*2*64 = 512); conv 64->128 k2 (32768) + BN 256;
    // conv 128->256 k2 (131072) + BN 512; conv 256->1 k4 (4096). Total 169216.
    expect(countTrainableParams(model.discriminator)).toBe(169_216);
    model.dispose();
  });
});
