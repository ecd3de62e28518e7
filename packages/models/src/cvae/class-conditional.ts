import * as tfl from '@tensorflow/tfjs-layers';
import { denseLayer as dense } from '../class-conditioning';
import type { CvaeConfig } from '../config';
import type { SeededInitializers } from '../layers';

/**
 * What the class-conditioned encoder and decoder are built from; the CVAE's and the VAE-GAN's configs
 * both carry these fields.
 */
export type ClassVaeShape = Pick<
  CvaeConfig,
  'imageSize' | 'imageChannels' | 'classCount' | 'filters' | 'hiddenUnits' | 'latentSize'
>;

type Symbolic = tfl.SymbolicTensor;

/**
 * A 4 x 4 stride-2 `'same'` conv (sides halve) or transposed conv (sides double), with bias and Glorot
 * initial kernels like the audio classifier's convs.
 */
function conv(
  x: Symbolic,
  filters: number,
  name: string,
  init: SeededInitializers,
  transposed = false,
): Symbolic {
  const options = {
    filters,
    kernelSize: 4,
    strides: 2,
    padding: 'same' as const,
    kernelInitializer: init.glorotUniform(),
    name,
  };
  return (transposed ? tfl.layers.conv2dTranspose(options) : tfl.layers.conv2d(options)).apply(x) as Symbolic;
}

function leaky(x: Symbolic, name: string): Symbolic {
  return tfl.layers.leakyReLU({ alpha: 0.2, name }).apply(x) as Symbolic;
}

/**
 * Widths of the 64 x 64 image path: the encoder's four stride-2 convs 64 -> 32 -> 16 -> 8 -> 4 use
 * f, 2f, 4f, 4f, and the decoder mirrors them. Capping at 4f keeps the flattened 4 x 4 map at 64f values
 * (1024 for f = 16), so the dense layers stay as small as at 28 x 28, where the 784 pixels feed them.
 */
function imagePathWidths(config: ClassVaeShape): [number, number, number, number] {
  const f = config.filters;
  return [f, 2 * f, 4 * f, 4 * f];
}

/**
 * Encoder q(z | image, class): image features ++ class vector `[N, K]` -> dense(hiddenUnits) -> dense(hiddenUnits
 * / 2) (ReLU) -> `[mu, logvar]`, each `[N, latentSize]`. The features are the flattened pixels at 28 x 28
 * and, at 64 x 64, the flattened 4 x 4 map of four 4 x 4 stride-2 convs (LeakyReLU 0.2; widths
 * {@link imagePathWidths}): 12,288 RGB pixels straight into the dense layer would give it 6 M weights.
 */
export function buildClassEncoder(config: ClassVaeShape, init: SeededInitializers): tfl.LayersModel {
  const image = tfl.input({
    shape: [config.imageSize, config.imageSize, config.imageChannels],
    name: 'image',
  });
  const condition = tfl.input({ shape: [config.classCount], name: 'condition' });
  let features: Symbolic = image;
  if (config.imageSize !== 28) {
    for (const [i, filters] of imagePathWidths(config).entries()) {
      features = leaky(conv(features, filters, `e_conv${i + 1}`, init), `e_lrelu${i + 1}`);
    }
  }
  const flat = tfl.layers.flatten({ name: 'e_flatten' }).apply(features) as Symbolic;
  let x = tfl.layers.concatenate({ name: 'e_concat' }).apply([flat, condition]) as Symbolic;
  x = dense(x, config.hiddenUnits, 'e_hidden1', init, 'relu');
  x = dense(x, Math.max(1, Math.floor(config.hiddenUnits / 2)), 'e_hidden2', init, 'relu');
  const mu = dense(x, config.latentSize, 'e_mu', init);
  const logvar = dense(x, config.latentSize, 'e_logvar', init);
  return tfl.model({ inputs: [image, condition], outputs: [mu, logvar], name: 'encoder' });
}

/**
 * Decoder p(image | z, class): z ++ class vector -> dense(hiddenUnits / 2) -> dense(hiddenUnits) (ReLU) ->
 * one logit per pixel, `[N, imageSize, imageSize, channels]`. At 28 x 28 a dense layer gives the 784 logits;
 * at 64 x 64 a dense layer gives a 4 x 4 map (ReLU) that four 4 x 4 stride-2 transposed convs take to
 * 8 -> 16 -> 32 (LeakyReLU 0.2; the encoder's widths reversed) -> 64 x 64 x channels logits. Logits, so the
 * Bernoulli likelihood is computed stably; `generate` applies the sigmoid.
 */
export function buildClassDecoder(config: ClassVaeShape, init: SeededInitializers): tfl.LayersModel {
  const z = tfl.input({ shape: [config.latentSize], name: 'z' });
  const condition = tfl.input({ shape: [config.classCount], name: 'condition' });
  let x = tfl.layers.concatenate({ name: 'd_concat' }).apply([z, condition]) as Symbolic;
  x = dense(x, Math.max(1, Math.floor(config.hiddenUnits / 2)), 'd_hidden1', init, 'relu');
  x = dense(x, config.hiddenUnits, 'd_hidden2', init, 'relu');
  const imageShape = [config.imageSize, config.imageSize, config.imageChannels];
  if (config.imageSize === 28) {
    x = dense(x, config.imageSize * config.imageSize * config.imageChannels, 'd_logits', init);
    x = tfl.layers.reshape({ targetShape: imageShape, name: 'd_reshape' }).apply(x) as Symbolic;
  } else {
    const [w1, w2, w3, w4] = imagePathWidths(config);
    const side = config.imageSize / 16;
    x = dense(x, side * side * w4, 'd_map', init, 'relu');
    x = tfl.layers.reshape({ targetShape: [side, side, w4], name: 'd_reshape' }).apply(x) as Symbolic;
    for (const [i, filters] of [w3, w2, w1].entries()) {
      x = leaky(conv(x, filters, `d_convt${i + 1}`, init, true), `d_lrelu${i + 1}`);
    }
    x = conv(x, config.imageChannels, 'd_logits', init, true);
  }
  return tfl.model({ inputs: [z, condition], outputs: x, name: 'decoder' });
}
