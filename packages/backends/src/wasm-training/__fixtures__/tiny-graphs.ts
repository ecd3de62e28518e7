import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

/**
 * Small stand-ins for the @ifa/models architectures, with the same layer kinds: a ResUNet-like
 * generator (conv, BN, ReLU, strided conv, transposed conv, skip concat, 1x1 conv) and a
 * pix2pix-like discriminator (zero padding + k2 s2 conv, LeakyReLU, BN, sigmoid).
 */
export interface TinyGan {
  generator: tfl.LayersModel;
  discriminator: tfl.LayersModel;
}

export function createTinyGan(options: { size?: number; filters?: number } = {}): TinyGan {
  const size = options.size ?? 8;
  const f = options.filters ?? 4;
  const seeded = (seed: number) => tfl.initializers.glorotUniform({ seed });
  const conv = (filters: number, kernelSize: number, strides: number, seed: number, padding: 'same' | 'valid' = 'same') =>
    tfl.layers.conv2d({ filters, kernelSize, strides, padding, kernelInitializer: seeded(seed) });

  const audio = tfl.input({ shape: [size, size, 1] });
  let e1 = conv(f, 3, 1, 1).apply(audio) as tfl.SymbolicTensor;
  e1 = tfl.layers.batchNormalization().apply(e1) as tfl.SymbolicTensor;
  e1 = tfl.layers.reLU().apply(e1) as tfl.SymbolicTensor;
  const skip = conv(2 * f, 3, 2, 2).apply(e1) as tfl.SymbolicTensor;
  let e2 = conv(2 * f, 3, 2, 3).apply(e1) as tfl.SymbolicTensor;
  e2 = tfl.layers.batchNormalization().apply(e2) as tfl.SymbolicTensor;
  e2 = tfl.layers.reLU().apply(e2) as tfl.SymbolicTensor;
  e2 = conv(2 * f, 3, 1, 4).apply(e2) as tfl.SymbolicTensor;
  e2 = tfl.layers.add().apply([e2, skip]) as tfl.SymbolicTensor;
  let d1 = tfl.layers
    .conv2dTranspose({ filters: f, kernelSize: 4, strides: 2, padding: 'same', kernelInitializer: seeded(5) })
    .apply(e2) as tfl.SymbolicTensor;
  d1 = tfl.layers.concatenate().apply([d1, e1]) as tfl.SymbolicTensor;
  d1 = conv(f, 3, 1, 6).apply(d1) as tfl.SymbolicTensor;
  d1 = tfl.layers.batchNormalization().apply(d1) as tfl.SymbolicTensor;
  d1 = tfl.layers.reLU().apply(d1) as tfl.SymbolicTensor;
  const image = tfl.layers
    .conv2d({ filters: 1, kernelSize: 1, activation: 'sigmoid', kernelInitializer: seeded(7) })
    .apply(d1) as tfl.SymbolicTensor;
  const generator = tfl.model({ inputs: audio, outputs: image });

  const pair = tfl.input({ shape: [size, size, 2] });
  let h = tfl.layers.zeroPadding2d({ padding: 1 }).apply(pair) as tfl.SymbolicTensor;
  h = conv(f, 2, 2, 8, 'valid').apply(h) as tfl.SymbolicTensor;
  h = tfl.layers.leakyReLU({ alpha: 0.2 }).apply(h) as tfl.SymbolicTensor;
  h = conv(2 * f, 3, 2, 9).apply(h) as tfl.SymbolicTensor;
  h = tfl.layers.batchNormalization().apply(h) as tfl.SymbolicTensor;
  h = tfl.layers.reLU().apply(h) as tfl.SymbolicTensor;
  h = tfl.layers.flatten().apply(h) as tfl.SymbolicTensor;
  const score = tfl.layers
    .dense({ units: 1, activation: 'sigmoid', kernelInitializer: seeded(10) })
    .apply(h) as tfl.SymbolicTensor;
  const discriminator = tfl.model({ inputs: pair, outputs: score });
  return { generator, discriminator };
}

/** pix2pix-style generator loss: BCE(D(G(a), a), 1) + sum squared error to the target. */
export function ganGeneratorLoss(gan: TinyGan, audio: tf.Tensor4D, target: tf.Tensor4D): tf.Scalar {
  const fake = gan.generator.apply(audio, { training: true }) as tf.Tensor4D;
  const score = gan.discriminator.apply(tf.concat([fake, audio], 3), { training: true }) as tf.Tensor;
  const eps = 1e-7;
  const bce = tf.neg(tf.mean(tf.log(tf.clipByValue(score, eps, 1 - eps))));
  return tf.add(bce, tf.sum(tf.squaredDifference(fake, target))) as tf.Scalar;
}

/** Deterministic inputs for a batch, independent of the backend's RNG. */
export function fixedBatch(batch: number, size: number, seed: number): { audio: tf.Tensor4D; target: tf.Tensor4D } {
  let s = seed >>> 0;
  const next = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const n = batch * size * size;
  const audio = Float32Array.from({ length: n }, next);
  const target = Float32Array.from({ length: n }, next);
  return { audio: tf.tensor4d(audio, [batch, size, size, 1]), target: tf.tensor4d(target, [batch, size, size, 1]) };
}
