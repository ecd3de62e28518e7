import * as tfl from '@tensorflow/tfjs-layers';
import type { CvaeConfig, ImageShapeConfig, VaeDecoderKind } from '../config';
import {
  activation,
  concat,
  leakyRelu,
  relu,
  type SeededInitializers,
  torchBatchNorm,
  torchConv2d,
  torchConvTranspose2d,
} from '../layers';

type Symbolic = tfl.SymbolicTensor;

export interface VaeArchitecture extends ImageShapeConfig {
  filters: number;
  latentSize: number;
  decoder: VaeDecoderKind;
  outputActivation: CvaeConfig['outputActivation'];
}

/**
 * The original CVAE encoder (shapes for 28 x 28 input, width f = 64; all convs without bias):
 * Conv(k2, s2, p1) 28 -> 15 x f, LeakyReLU 0.2; [Conv(k2, s2, p1), BN, ReLU] -> 8 x 8 x 2f -> 5 x 5 x 4f;
 * Conv(k4, s2, p0) -> 1 x 1 x 8f; flatten; two Linear layers (with bias) give mu and logvar.
 * With `noiseChannels > 0` (VAE-GAN) a noise map `[N, H, W, noiseChannels]` is concatenated to the audio.
 * Outputs `[mu, logvar]`, each `[N, latentSize]`.
 */
export function buildVaeEncoder(
  config: VaeArchitecture,
  init: SeededInitializers,
  noiseChannels = 0,
): tfl.LayersModel {
  const f = config.filters;
  const audio = tfl.input({ shape: [config.inputHeight, config.inputWidth, 1], name: 'audio' });
  const noise =
    noiseChannels > 0
      ? tfl.input({ shape: [config.inputHeight, config.inputWidth, noiseChannels], name: 'noise' })
      : null;
  let x = noise === null ? audio : concat([audio, noise], 'e_concat');
  x = leakyRelu(
    torchConv2d(x, { filters: f, kernel: 2, stride: 2, padding: 1, useBias: false, name: 'e_conv1' }, init),
    'e_lrelu1',
  );
  x = torchConv2d(
    x,
    { filters: f * 2, kernel: 2, stride: 2, padding: 1, useBias: false, name: 'e_conv2' },
    init,
  );
  x = relu(torchBatchNorm(x, 'e_bn2'), 'e_relu2');
  x = torchConv2d(
    x,
    { filters: f * 4, kernel: 2, stride: 2, padding: 1, useBias: false, name: 'e_conv3' },
    init,
  );
  x = relu(torchBatchNorm(x, 'e_bn3'), 'e_relu3');
  x = torchConv2d(
    x,
    { filters: f * 8, kernel: 4, stride: 2, padding: 0, useBias: false, name: 'e_conv4' },
    init,
  );
  // PyTorch flattens NCHW (channel-major) and we flatten NHWC; for the 1 x 1 map of 28 x 28 inputs the two
  // orders coincide, and for larger maps they differ only by a fixed permutation of Linear's inputs.
  x = tfl.layers.flatten({ name: 'e_flatten' }).apply(x) as Symbolic;
  const mu = tfl.layers
    .dense({ units: config.latentSize, kernelInitializer: init.glorotUniform(), name: 'e_mu' })
    .apply(x) as Symbolic;
  const logvar = tfl.layers
    .dense({ units: config.latentSize, kernelInitializer: init.glorotUniform(), name: 'e_logvar' })
    .apply(x) as Symbolic;
  return tfl.model({
    inputs: noise === null ? audio : [audio, noise],
    outputs: [mu, logvar],
    name: 'encoder',
  });
}

/**
 * Decoder `z [N, latentSize]` -> image `[N, imageSize, imageSize, imageChannels]`.
 *
 * `'seed-stride3'` reproduces the original exactly (all without bias):
 * ConvT(k4, s2, p0) 1 -> 4 x 4f, LeakyReLU 0.2; [ConvT(k2, s2, p1), BN, ReLU] 4 -> 6 x 2f, 6 -> 10 x f;
 * ConvT(f -> 1, kernel 1, stride 3) 10 -> 28. ODD BUT FAITHFUL: a 1 x 1 kernel with stride 3 writes input
 * pixel (i, j) to output (3i, 3j) only, so just the 10 x 10 = 100 pixels with row and column divisible by 3
 * can ever be non-zero (the rest are exactly 0 before the output activation). The original's comment says
 * it was chosen to "bring out 28x28"; it likely explains why its CVAE and VAE-GAN "struggle to reconstruct".
 *
 * `'full'` can paint every pixel: [ConvT(k7, s1, p0) 1 -> 7 x 4f; ConvT(k4, s2, p1) -> 14 x 2f; ConvT(k4, s2, p1)
 * -> 28 x f], each with BN and ReLU, then Conv3x3(p1, bias) to the image channels. At 64 x 64:
 * [ConvT(k4, s1, p0) 1 -> 4 x 4f; ConvT(k4, s2, p1) -> 8 x 4f -> 16 x 2f -> 32 x f -> 64 x f], each with BN
 * and ReLU, then the same Conv3x3 (`'seed-stride3'` is 28 x 28 only; `resolveConfig` refuses it at 64).
 *
 * The encoder reads any input size (its map is flattened before the Linear layers): a 64 x 64 spectrogram
 * image leaves a 3 x 3 x 8f map (64 -> 33 -> 17 -> 9 -> 3).
 */
export function buildVaeDecoder(config: VaeArchitecture, init: SeededInitializers): tfl.LayersModel {
  const f = config.filters;
  const z = tfl.input({ shape: [config.latentSize], name: 'z' });
  let x = tfl.layers
    .reshape({ targetShape: [1, 1, config.latentSize], name: 'd_reshape' })
    .apply(z) as Symbolic;
  if (config.decoder === 'seed-stride3') {
    x = torchConvTranspose2d(
      x,
      {
        filters: f * 4,
        kernel: 4,
        stride: 2,
        padding: 0,
        useBias: false,
        name: 'd_convt1',
      },
      init,
    );
    x = leakyRelu(x, 'd_lrelu1');
    x = torchConvTranspose2d(
      x,
      {
        filters: f * 2,
        kernel: 2,
        stride: 2,
        padding: 1,
        useBias: false,
        name: 'd_convt2',
      },
      init,
    );
    x = relu(torchBatchNorm(x, 'd_bn2'), 'd_relu2');
    x = torchConvTranspose2d(
      x,
      {
        filters: f,
        kernel: 2,
        stride: 2,
        padding: 1,
        useBias: false,
        name: 'd_convt3',
      },
      init,
    );
    x = relu(torchBatchNorm(x, 'd_bn3'), 'd_relu3');
    x = torchConvTranspose2d(
      x,
      {
        filters: config.imageChannels,
        kernel: 1,
        stride: 3,
        padding: 0,
        useBias: false,
        name: 'd_convt4',
      },
      init,
    );
  } else {
    // [kernel, stride, padding, width multiple] of each [ConvT, BN, ReLU] block.
    const blocks: Array<[number, number, number, number]> =
      config.imageSize === 28
        ? [
            [7, 1, 0, 4],
            [4, 2, 1, 2],
            [4, 2, 1, 1],
          ]
        : [
            [4, 1, 0, 4],
            [4, 2, 1, 4],
            [4, 2, 1, 2],
            [4, 2, 1, 1],
            [4, 2, 1, 1],
          ];
    blocks.forEach(([kernel, stride, padding, multiple], i) => {
      const name = `d_convt${i + 1}`;
      x = torchConvTranspose2d(
        x,
        { filters: f * multiple, kernel, stride, padding, useBias: false, name },
        init,
      );
      x = relu(torchBatchNorm(x, `d_bn${i + 1}`), `d_relu${i + 1}`);
    });
    x = torchConv2d(
      x,
      {
        filters: config.imageChannels,
        kernel: 3,
        stride: 1,
        padding: 1,
        useBias: true,
        name: 'd_conv_out',
      },
      init,
    );
  }
  x = activation(x, config.outputActivation, 'd_output');
  return tfl.model({ inputs: z, outputs: x, name: 'decoder' });
}
