import * as tfl from '@tensorflow/tfjs-layers';
import type { CganConfig, ImageShapeConfig } from '../config';
import {
  activation,
  add,
  concat,
  leakyRelu,
  relu,
  type SeededInitializers,
  torchBatchNorm,
  torchConv2d,
  torchConvTranspose2d,
} from '../layers';

type Symbolic = tfl.SymbolicTensor;

/**
 * ResUNet residual block (Zhang et al. 2018, as in the original): BN, ReLU, conv3x3(stride), BN, ReLU,
 * conv3x3; plus a conv3x3(stride) + BN skip; the two are added. Convs have biases (PyTorch default).
 */
function residualBlock(
  x: Symbolic,
  filters: number,
  stride: number,
  name: string,
  init: SeededInitializers,
): Symbolic {
  let y = relu(torchBatchNorm(x, `${name}_bn1`), `${name}_relu1`);
  y = torchConv2d(y, { filters, kernel: 3, stride, padding: 1, useBias: true, name: `${name}_conv1` }, init);
  y = relu(torchBatchNorm(y, `${name}_bn2`), `${name}_relu2`);
  y = torchConv2d(
    y,
    { filters, kernel: 3, stride: 1, padding: 1, useBias: true, name: `${name}_conv2` },
    init,
  );
  let skip = torchConv2d(
    x,
    { filters, kernel: 3, stride, padding: 1, useBias: true, name: `${name}_skip` },
    init,
  );
  skip = torchBatchNorm(skip, `${name}_skip_bn`);
  return add([y, skip], `${name}_add`);
}

/**
 * The original CGAN generator, a ResUNet for 28 x 28 (shapes for the seed widths 64/128/256/512):
 * 28x28x64 -> 14x14x128 -> 7x7x256 -> bridge 4x4x512 -> up 7x7x512 ++ 7x7x256 -> 7x7x256
 * -> up 14x14x256 ++ 14x14x128 -> 14x14x128 -> up 28x28x128 ++ 28x28x64 -> 28x28x64 -> conv1x1 -> 28x28xC.
 * At 64 x 64 the same blocks give 64 -> 32 -> 16 -> bridge 8, and the first up-step is ConvT(k4, s2, p1)
 * 8 -> 16 (k3 would give 15), then 16 -> 32 -> 64 as at 28; nothing else changes.
 * The output is linear, as in the original (it removed ResUNet's sigmoid); `generate` clips to [0, 1].
 */
export function buildCganGenerator(config: CganConfig, init: SeededInitializers): tfl.LayersModel {
  const [f0, f1, f2, f3] = config.generatorFilters;
  const audio = tfl.input({ shape: [config.inputHeight, config.inputWidth, 1], name: 'audio' });

  let a = torchConv2d(
    audio,
    {
      filters: f0,
      kernel: 3,
      stride: 1,
      padding: 1,
      useBias: true,
      name: 'in_conv1',
    },
    init,
  );
  a = relu(torchBatchNorm(a, 'in_bn'), 'in_relu');
  a = torchConv2d(
    a,
    { filters: f0, kernel: 3, stride: 1, padding: 1, useBias: true, name: 'in_conv2' },
    init,
  );
  const inSkip = torchConv2d(
    audio,
    {
      filters: f0,
      kernel: 3,
      stride: 1,
      padding: 1,
      useBias: true,
      name: 'in_skip',
    },
    init,
  );
  const x1 = add([a, inSkip], 'in_add');
  const x2 = residualBlock(x1, f1, 2, 'enc1', init);
  const x3 = residualBlock(x2, f2, 2, 'enc2', init);
  const x4 = residualBlock(x3, f3, 2, 'bridge', init);

  // ConvTranspose2d(k3, s2, p1): 4 -> 7 (k4 at 64 x 64: 8 -> 16); then (k4, s2, p1): 7 -> 14 -> 28
  // (16 -> 32 -> 64). Biases as PyTorch's default.
  let u = torchConvTranspose2d(
    x4,
    {
      filters: f3,
      kernel: config.imageSize === 28 ? 3 : 4,
      stride: 2,
      padding: 1,
      useBias: true,
      name: 'up1',
    },
    init,
  );
  u = residualBlock(concat([u, x3], 'up1_concat'), f2, 1, 'dec1', init);
  u = torchConvTranspose2d(
    u,
    { filters: f2, kernel: 4, stride: 2, padding: 1, useBias: true, name: 'up2' },
    init,
  );
  u = residualBlock(concat([u, x2], 'up2_concat'), f1, 1, 'dec2', init);
  u = torchConvTranspose2d(
    u,
    { filters: f1, kernel: 4, stride: 2, padding: 1, useBias: true, name: 'up3' },
    init,
  );
  u = residualBlock(concat([u, x1], 'up3_concat'), f0, 1, 'dec3', init);
  const out = torchConv2d(
    u,
    {
      filters: config.imageChannels,
      kernel: 1,
      stride: 1,
      padding: 0,
      useBias: true,
      name: 'out_conv',
    },
    init,
  );
  return tfl.model({ inputs: audio, outputs: out, name: 'generator' });
}

/**
 * The original CGAN / VAE-GAN discriminator on `concat(image, audio)` (C + 1 channels), all convs without
 * bias. 28 x 28 (the original): Conv(k2, s2, p1) 28 -> 15, LeakyReLU 0.2; [Conv(k2, s2, p1), BN, ReLU]
 * 15 -> 8 and 8 -> 5 (2x, 4x width); Conv(k4, s2, p0) 5 -> 1; sigmoid.
 * 64 x 64: the same kinds of layers with k4 s2 p1 steps, one more of them so the map still ends at 1 x 1:
 * Conv 64 -> 32, LeakyReLU; [Conv, BN, ReLU] 32 -> 16 -> 8 -> 4 (2x, 4x, 8x width); Conv(k4, s1, p0) 4 -> 1;
 * sigmoid. Output: one probability per sample, shape [N, 1].
 */
export function buildPairDiscriminator(
  config: ImageShapeConfig,
  filters: number,
  init: SeededInitializers,
): tfl.LayersModel {
  const image = tfl.input({
    shape: [config.imageSize, config.imageSize, config.imageChannels],
    name: 'image',
  });
  const audio = tfl.input({ shape: [config.inputHeight, config.inputWidth, 1], name: 'audio' });
  let x = concat([image, audio], 'pair_concat');
  // Kernel, stride and padding of the first conv and of each [conv, BN, ReLU] block, then the output conv.
  const layout =
    config.imageSize === 28
      ? { kernel: 2, stride: 2, padding: 1, blocks: 2, outStride: 2 }
      : { kernel: 4, stride: 2, padding: 1, blocks: 3, outStride: 1 };
  const { kernel, stride, padding } = layout;
  x = leakyRelu(
    torchConv2d(x, { filters, kernel, stride, padding, useBias: false, name: 'd_conv1' }, init),
    'd_lrelu1',
  );
  for (let i = 2; i < 2 + layout.blocks; i += 1) {
    x = torchConv2d(
      x,
      { filters: filters * 2 ** (i - 1), kernel, stride, padding, useBias: false, name: `d_conv${i}` },
      init,
    );
    x = relu(torchBatchNorm(x, `d_bn${i}`), `d_relu${i}`);
  }
  x = torchConv2d(
    x,
    {
      filters: 1,
      kernel: 4,
      stride: layout.outStride,
      padding: 0,
      useBias: false,
      name: `d_conv${2 + layout.blocks}`,
    },
    init,
  );
  x = tfl.layers.flatten({ name: 'd_flatten' }).apply(x) as Symbolic;
  x = activation(x, 'sigmoid', 'd_sigmoid');
  return tfl.model({ inputs: [image, audio], outputs: x, name: 'discriminator' });
}
