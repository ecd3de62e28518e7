import * as tfl from '@tensorflow/tfjs-layers';
import type { CvaeConfig } from '../config';
import type { SeededInitializers } from '../layers';

type Symbolic = tfl.SymbolicTensor;

function dense(
  x: Symbolic,
  units: number,
  name: string,
  init: SeededInitializers,
  activation?: 'relu',
): Symbolic {
  return tfl.layers
    .dense({
      units,
      kernelInitializer: init.glorotUniform(),
      ...(activation !== undefined && { activation }),
      name,
    })
    .apply(x) as Symbolic;
}

/**
 * Audio classifier of the class-conditioned CVAE: spectrogram `[N, H, W, 1]` -> class logits `[N, K]`.
 * Two 3 x 3 stride-2 convs (f, 2f) with LeakyReLU 0.2, dropout 0.3, a 64-unit ReLU layer, K logits. Small on
 * purpose: telling ten spoken digits apart is easy, and the decoder only needs the class.
 */
export function buildAudioClassifier(config: CvaeConfig, init: SeededInitializers): tfl.LayersModel {
  const audio = tfl.input({ shape: [config.inputHeight, config.inputWidth, 1], name: 'audio' });
  let x: Symbolic = audio;
  for (const [i, filters] of [config.filters, config.filters * 2].entries()) {
    x = tfl.layers
      .conv2d({
        filters,
        kernelSize: 3,
        strides: 2,
        padding: 'same',
        kernelInitializer: init.glorotUniform(),
        name: `a_conv${i + 1}`,
      })
      .apply(x) as Symbolic;
    x = tfl.layers.leakyReLU({ alpha: 0.2, name: `a_lrelu${i + 1}` }).apply(x) as Symbolic;
  }
  x = tfl.layers.flatten({ name: 'a_flatten' }).apply(x) as Symbolic;
  // Dropout is not seeded on purpose: a fixed seed would drop the same units on every batch.
  x = tfl.layers.dropout({ rate: 0.3, name: 'a_dropout' }).apply(x) as Symbolic;
  x = dense(x, 64, 'a_hidden', init, 'relu');
  const logits = dense(x, config.classCount, 'a_logits', init);
  return tfl.model({ inputs: audio, outputs: logits, name: 'audioClassifier' });
}

/**
 * Encoder q(z | image, class): flattened image ++ class vector `[N, K]` -> dense(hiddenUnits) -> dense(hiddenUnits
 * / 2) (ReLU) -> `[mu, logvar]`, each `[N, latentSize]`.
 */
export function buildClassEncoder(config: CvaeConfig, init: SeededInitializers): tfl.LayersModel {
  const image = tfl.input({
    shape: [config.imageSize, config.imageSize, config.imageChannels],
    name: 'image',
  });
  const condition = tfl.input({ shape: [config.classCount], name: 'condition' });
  const flat = tfl.layers.flatten({ name: 'e_flatten' }).apply(image) as Symbolic;
  let x = tfl.layers.concatenate({ name: 'e_concat' }).apply([flat, condition]) as Symbolic;
  x = dense(x, config.hiddenUnits, 'e_hidden1', init, 'relu');
  x = dense(x, Math.max(1, Math.floor(config.hiddenUnits / 2)), 'e_hidden2', init, 'relu');
  const mu = dense(x, config.latentSize, 'e_mu', init);
  const logvar = dense(x, config.latentSize, 'e_logvar', init);
  return tfl.model({ inputs: [image, condition], outputs: [mu, logvar], name: 'encoder' });
}

/**
 * Decoder p(image | z, class): z ++ class vector -> dense(hiddenUnits / 2) -> dense(hiddenUnits) (ReLU) ->
 * one logit per pixel, `[N, imageSize, imageSize, channels]`. Logits, so the Bernoulli likelihood is computed
 * stably; `generate` applies the sigmoid.
 */
export function buildClassDecoder(config: CvaeConfig, init: SeededInitializers): tfl.LayersModel {
  const z = tfl.input({ shape: [config.latentSize], name: 'z' });
  const condition = tfl.input({ shape: [config.classCount], name: 'condition' });
  let x = tfl.layers.concatenate({ name: 'd_concat' }).apply([z, condition]) as Symbolic;
  x = dense(x, Math.max(1, Math.floor(config.hiddenUnits / 2)), 'd_hidden1', init, 'relu');
  x = dense(x, config.hiddenUnits, 'd_hidden2', init, 'relu');
  const pixels = config.imageSize * config.imageSize * config.imageChannels;
  x = dense(x, pixels, 'd_logits', init);
  x = tfl.layers
    .reshape({ targetShape: [config.imageSize, config.imageSize, config.imageChannels], name: 'd_reshape' })
    .apply(x) as Symbolic;
  return tfl.model({ inputs: [z, condition], outputs: x, name: 'decoder' });
}
