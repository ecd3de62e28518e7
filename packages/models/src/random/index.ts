import { InvalidOptionError } from '@ifa/core';
import * as tf from '@tensorflow/tfjs-core';

/**
 * Seeds are numbers; tfjs' seeded generators (seedrandom) accept any finite number but we keep them 32-bit.
 * Anything else (NaN, Infinity, a string) throws `InvalidOptionError` for option `seed`.
 */
export function resolveSeed(seed: number | undefined): number {
  if (seed === undefined) return Math.floor(Math.random() * 2 ** 31);
  if (typeof seed !== 'number' || !Number.isFinite(seed)) {
    throw new InvalidOptionError({ option: 'seed', value: seed, expected: 'a finite number' });
  }
  return seed;
}

/**
 * Independent sub-seeds from one user seed, so e.g. the VAE-GAN noise map and the reparameterisation noise
 * are not the same random stream.
 */
export function deriveSeed(seed: number, stream: number): number {
  return (Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(stream + 1, 0x85ebca6b)) >>> 1;
}

/**
 * tfjs treats a seed of 0 as "no seed" (`seed ? seed : Math.random()`), so `generate(audio, { seed: 0 })`
 * would draw fresh noise on every call. 0 is passed on as the smallest positive double instead, which no
 * integer seed can collide with.
 */
function tfjsSeed(seed: number): number {
  return seed === 0 ? Number.MIN_VALUE : seed;
}

export function standardNormal(shape: number[], seed: number): tf.Tensor {
  return tf.randomNormal(shape, 0, 1, 'float32', tfjsSeed(seed));
}

export function uniform01(shape: number[], seed: number): tf.Tensor {
  return tf.randomUniform(shape, 0, 1, 'float32', tfjsSeed(seed));
}
