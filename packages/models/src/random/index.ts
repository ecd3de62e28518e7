import * as tf from '@tensorflow/tfjs-core';

/** Seeds are integers; tfjs' seeded generators (seedrandom) accept any number but we keep them 32-bit. */
export function resolveSeed(seed: number | undefined): number {
  if (seed === undefined) return Math.floor(Math.random() * 2 ** 31);
  if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${seed}.`);
  return seed;
}

/**
 * Independent sub-seeds from one user seed, so e.g. the VAE-GAN noise map and the reparameterisation noise
 * are not the same random stream.
 */
export function deriveSeed(seed: number, stream: number): number {
  return (Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(stream + 1, 0x85ebca6b)) >>> 1;
}

export function standardNormal(shape: number[], seed: number): tf.Tensor {
  return tf.randomNormal(shape, 0, 1, 'float32', seed);
}

export function uniform01(shape: number[], seed: number): tf.Tensor {
  return tf.randomUniform(shape, 0, 1, 'float32', seed);
}
