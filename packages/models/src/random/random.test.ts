import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { deriveSeed, seededNormalValues, standardNormal } from '.';

describe('seededNormalValues', () => {
  // tfjs's seeded randomNormal is the reference: every existing seed must keep drawing the same noise.
  it.each([
    [0, 1],
    [0, 7],
    [1, 2],
    [12345, 1001],
    [deriveSeed(7, 3), 4096],
    [2 ** 31 - 1, 333],
  ])('seed %d, %d values: exactly what tf.randomNormal draws', (seed, count) => {
    const ours = seededNormalValues(count, seed);
    // Seed 0 reaches tfjs as Number.MIN_VALUE (tfjs reads 0 as "unseeded"), as standardNormal passes it.
    const reference = tf.tidy(() =>
      tf.randomNormal([count], 0, 1, 'float32', seed === 0 ? Number.MIN_VALUE : seed).dataSync(),
    );
    expect(ours.length).toBe(count);
    expect(Array.from(ours)).toEqual(Array.from(reference));
  });

  it('draws different values for different seeds and a roughly standard normal sample', () => {
    const a = seededNormalValues(20_000, 1);
    const b = seededNormalValues(20_000, 2);
    expect(a.some((v, i) => v !== b[i])).toBe(true);
    const mean = a.reduce((s, v) => s + v, 0) / a.length;
    const variance = a.reduce((s, v) => s + (v - mean) ** 2, 0) / a.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
  });

  it('standardNormal shapes the values and leaks nothing', () => {
    const before = tf.memory().numTensors;
    const noise = standardNormal([2, 3, 4], 9);
    expect(noise.shape).toEqual([2, 3, 4]);
    expect(Array.from(noise.dataSync())).toEqual(Array.from(seededNormalValues(24, 9)));
    noise.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
