import * as tfl from '@tensorflow/tfjs-layers';
import type { ImageShapeConfig, WganConfig } from '../config';
import {
  activation,
  concat,
  InstanceNormalization,
  leakyRelu,
  relu,
  type SeededInitializers,
  TwiceDifferentiableLeakyReLU,
  torchBatchNorm,
  torchConv2d,
  torchConvTranspose2d,
} from '../layers';

type Symbolic = tfl.SymbolicTensor;

/** [kernel, stride, padding, width multiple] of each generator block before the output layer. */
function generatorBlocks(imageSize: 28 | 64): Array<[number, number, number, number]> {
  // 64: the original, 1 -> 4 -> 8 -> 16 -> 32 (then -> 64). 28: same widths, 1 -> 4 -> 7 -> 14 (then -> 28),
  // using the CGAN's k3 s2 p1 step for 4 -> 7.
  return imageSize === 64
    ? [
        [4, 1, 0, 16],
        [4, 2, 1, 8],
        [4, 2, 1, 4],
        [4, 2, 1, 2],
      ]
    : [
        [4, 1, 0, 16],
        [3, 2, 1, 8],
        [4, 2, 1, 4],
      ];
}

/**
 * WGAN-GP generator. Input: noise `[N, noiseSize]`, plus (conditioning 'audio') the spectrogram image,
 * which a small conv encoder [Conv(k4, s2, p1), LeakyReLU; Conv(k4, s2, p1), BN, LeakyReLU; Dense] turns into
 * an `audioEmbeddingSize` vector concatenated with the noise. The vector is reshaped to 1 x 1 and goes
 * through [ConvT, BN, ReLU] blocks (no bias) and a final ConvT(k4, s2, p1, bias) + tanh, as in the original.
 * With conditioning 'class' the vector is `concat(noise, class vector [N, classCount])` instead.
 * Output in [-1, 1]; `generate` maps it to [0, 1].
 */
export function buildWganGenerator(config: WganConfig, init: SeededInitializers): tfl.LayersModel {
  const g = config.generatorFilters;
  const noise = tfl.input({ shape: [config.noiseSize], name: 'noise' });
  const inputs: Symbolic[] = [noise];
  let code: Symbolic = noise;
  if (config.conditioning === 'audio') {
    const audio = tfl.input({ shape: [config.inputHeight, config.inputWidth, 1], name: 'audio' });
    inputs.push(audio);
    const fe = config.audioEncoderFilters;
    let a = torchConv2d(
      audio,
      {
        filters: fe,
        kernel: 4,
        stride: 2,
        padding: 1,
        useBias: false,
        name: 'a_conv1',
      },
      init,
    );
    a = leakyRelu(a, 'a_lrelu1');
    a = torchConv2d(
      a,
      {
        filters: fe * 2,
        kernel: 4,
        stride: 2,
        padding: 1,
        useBias: false,
        name: 'a_conv2',
      },
      init,
    );
    a = leakyRelu(torchBatchNorm(a, 'a_bn2'), 'a_lrelu2');
    a = tfl.layers.flatten({ name: 'a_flatten' }).apply(a) as Symbolic;
    const embedding = tfl.layers
      .dense({
        units: config.audioEmbeddingSize,
        kernelInitializer: init.glorotUniform(),
        name: 'a_embedding',
      })
      .apply(a) as Symbolic;
    code = concat([noise, embedding], 'g_concat');
  } else if (config.conditioning === 'class') {
    const condition = tfl.input({ shape: [config.classCount], name: 'condition' });
    inputs.push(condition);
    code = concat([noise, condition], 'g_concat');
  }
  const conditionSize = { audio: config.audioEmbeddingSize, class: config.classCount, none: 0 }[
    config.conditioning
  ];
  const codeSize = config.noiseSize + conditionSize;
  let x = tfl.layers.reshape({ targetShape: [1, 1, codeSize], name: 'g_reshape' }).apply(code) as Symbolic;
  generatorBlocks(config.imageSize as 28 | 64).forEach(([kernel, stride, padding, multiple], i) => {
    x = torchConvTranspose2d(
      x,
      {
        filters: g * multiple,
        kernel,
        stride,
        padding,
        useBias: false,
        name: `g_convt${i + 1}`,
      },
      init,
    );
    x = relu(torchBatchNorm(x, `g_bn${i + 1}`), `g_relu${i + 1}`);
  });
  x = torchConvTranspose2d(
    x,
    {
      filters: config.imageChannels,
      kernel: 4,
      stride: 2,
      padding: 1,
      useBias: true,
      name: 'g_convt_out',
    },
    init,
  );
  x = activation(x, 'tanh', 'g_tanh');
  return tfl.model({ inputs, outputs: x, name: 'generator' });
}

/**
 * WGAN-GP critic (no sigmoid; convs without bias): Conv(k4, s2, p1) to f, LeakyReLU 0.2; three
 * [Conv(k4, s2, p1), InstanceNorm(affine), LeakyReLU 0.2] blocks to 2f, 4f, 8f; then a conv to 1 score.
 * 64 x 64: 64 -> 32 -> 16 -> 8 -> 4, then Conv(k4, s2, p0) -> 1 (the original).
 * 28 x 28: 28 -> 14 -> 7 -> 3, the 8f block is Conv(k3, s1, p1) 3 -> 3, then Conv(k3, p0) 3 -> 1.
 * Instance norm rather than batch norm because the gradient penalty needs each sample's score to depend on
 * that sample only. With conditioning 'audio' the input is `concat(image, audio)` on channels; with
 * `'class'` the critic is a projection critic (see {@link buildProjectionCritic}). Output `[N, 1]`.
 */
export function buildWganCritic(config: WganConfig, init: SeededInitializers): tfl.LayersModel {
  if (config.conditioning === 'class') {
    return buildProjectionCritic(config, config.criticFilters, init, 'score', 'critic');
  }
  const image = tfl.input({
    shape: [config.imageSize, config.imageSize, config.imageChannels],
    name: 'image',
  });
  const inputs: Symbolic[] = [image];
  let x: Symbolic = image;
  if (config.conditioning === 'audio') {
    const audio = tfl.input({ shape: [config.inputHeight, config.inputWidth, 1], name: 'audio' });
    inputs.push(audio);
    x = concat([image, audio], 'c_concat');
  }
  const features = criticTrunk(x, config.imageSize, config.criticFilters, init);
  const score = criticScore(features, config.imageSize, init);
  return tfl.model({ inputs, outputs: score, name: 'critic' });
}

// Critic activations must be twice differentiable in tfjs for the gradient penalty; see the layer's doc.
function lrelu(t: Symbolic, name: string): Symbolic {
  return new TwiceDifferentiableLeakyReLU({ alpha: 0.2, name }).apply(t) as Symbolic;
}

/** The critic's convs up to (not including) its output conv: a 4 x 4 (64 px) or 3 x 3 (28 px) map of 8f. */
function criticTrunk(input: Symbolic, imageSize: number, f: number, init: SeededInitializers): Symbolic {
  let x = lrelu(
    torchConv2d(
      input,
      { filters: f, kernel: 4, stride: 2, padding: 1, useBias: false, name: 'c_conv1' },
      init,
    ),
    'c_lrelu1',
  );
  // [kernel, stride, padding] of the three normalised blocks.
  const blocks: Array<[number, number, number]> =
    imageSize === 64
      ? [
          [4, 2, 1],
          [4, 2, 1],
          [4, 2, 1],
        ]
      : [
          [4, 2, 1],
          [4, 2, 1],
          // 28 x 28 reaches 3 x 3 after two blocks; a fourth stride-2 block would give 1 x 1, where instance
          // norm subtracts the only value and zeroes everything (the critic would output 0 for any input).
          [3, 1, 1],
        ];
  blocks.forEach(([kernel, stride, padding], i) => {
    const name = `c_conv${i + 2}`;
    x = torchConv2d(x, { filters: f * 2 ** (i + 1), kernel, stride, padding, useBias: false, name }, init);
    x = new InstanceNormalization({ name: `c_in${i + 2}` }).apply(x) as Symbolic;
    x = lrelu(x, `c_lrelu${i + 2}`);
  });
  return x;
}

/** The output conv over the trunk's whole map: one unbounded score per image, `[N, 1]`. */
function criticScore(features: Symbolic, imageSize: number, init: SeededInitializers): Symbolic {
  const outKernel = imageSize === 64 ? 4 : 3;
  const x = torchConv2d(
    features,
    {
      filters: 1,
      kernel: outKernel,
      stride: 2,
      padding: 0,
      useBias: false,
      name: 'c_conv_out',
    },
    init,
  );
  return tfl.layers.flatten({ name: 'c_flatten' }).apply(x) as Symbolic;
}

/**
 * A projection critic (Miyato & Koyama 2018): inputs `[image, class vector [N, K]]`, output
 * `score(h) + <embed(class), h>` where h is the flattened trunk map of {@link buildWganCritic}'s convs and
 * `embed` a bias-free dense layer. The class enters as an inner product with the image's features, which
 * tells the critic "is this a convincing image of *this* class" far sooner than class maps concatenated on
 * the pixels. `'probability'` appends a sigmoid (the VAE-GAN's discriminator); `'score'` leaves it
 * unbounded (the WGAN-GP's critic). Every layer is twice differentiable, as the gradient penalty needs.
 */
export function buildProjectionCritic(
  shape: ImageShapeConfig & { classCount: number },
  filters: number,
  init: SeededInitializers,
  output: 'score' | 'probability',
  name: string,
): tfl.LayersModel {
  const image = tfl.input({
    shape: [shape.imageSize, shape.imageSize, shape.imageChannels],
    name: 'image',
  });
  const condition = tfl.input({ shape: [shape.classCount], name: 'condition' });
  const features = criticTrunk(image, shape.imageSize, filters, init);
  const unconditional = criticScore(features, shape.imageSize, init);
  const flat = tfl.layers.flatten({ name: 'c_features' }).apply(features) as Symbolic;
  const [, ...mapShape] = features.shape as number[];
  const embedding = tfl.layers
    .dense({
      units: mapShape.reduce((a, b) => a * b, 1),
      useBias: false,
      kernelInitializer: init.glorotUniform(),
      name: 'c_class_embedding',
    })
    .apply(condition) as Symbolic;
  const projection = tfl.layers.dot({ axes: 1, name: 'c_projection' }).apply([flat, embedding]) as Symbolic;
  let score = tfl.layers.add({ name: 'c_score' }).apply([unconditional, projection]) as Symbolic;
  if (output === 'probability') score = activation(score, 'sigmoid', 'c_sigmoid');
  return tfl.model({ inputs: [image, condition], outputs: score, name });
}
