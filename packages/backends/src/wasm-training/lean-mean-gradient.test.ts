import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { getGradient, registerGradient } from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerWasmTrainingKernels } from './index.js';
import { leanMeanGradConfig } from './lean-mean-gradient.js';
import { lcg } from './test-random.js';

describe("Mean's lean gradient", () => {
  const stock = getGradient(tf.Mean);
  beforeAll(async () => {
    registerWasmTrainingKernels();
    await tf.setBackend('wasm');
    await tf.ready();
  });
  afterAll(() => registerGradient(leanMeanGradConfig));

  it('is the one registered after registerWasmTrainingKernels()', () => {
    expect(stock).not.toBe(leanMeanGradConfig);
    expect(getGradient(tf.Mean)).toBe(leanMeanGradConfig);
  });

  const rand = lcg(3);
  const cases: { shape: number[]; axis: number | number[]; keepDims: boolean }[] = [
    { shape: [4, 5, 5, 3], axis: [0, 1, 2], keepDims: false }, // batch norm's moments
    { shape: [4, 5, 5, 3], axis: [0, 1, 2], keepDims: true },
    { shape: [6, 7], axis: 1, keepDims: false },
    { shape: [6, 7], axis: -2, keepDims: true },
    { shape: [3, 4, 5], axis: [0, 2], keepDims: false },
    { shape: [7], axis: 0, keepDims: false },
    { shape: [2, 3], axis: [0, 1], keepDims: false },
  ];

  // The weights make dy differ per output element; 7, 3 and 75 are sizes whose division is inexact.
  it.each(cases)(
    'equals tfjs own gradient to the bit on cpu and wasm: %o',
    async ({ shape, axis, keepDims }) => {
      const values = Float32Array.from({ length: tf.util.sizeFromShape(shape) }, () => rand() * 4 - 2);
      const gradient = () =>
        tf.tidy(() => {
          const x = tf.tensor(values, shape);
          const f = (t: tf.Tensor) => {
            const m = tf.mean(t, axis, keepDims);
            return tf.sum(tf.mul(m, tf.reshape(tf.range(1, m.size + 1), m.shape)));
          };
          return tf.grad(f)(x);
        });
      for (const backend of ['cpu', 'wasm']) {
        await tf.setBackend(backend);
        registerGradient(stock);
        const expected = gradient();
        registerGradient(leanMeanGradConfig);
        const actual = gradient();
        expect(actual.shape).toEqual(shape);
        expect(actual.dtype).toBe('float32');
        expect(Array.from(actual.dataSync())).toEqual(Array.from(expected.dataSync()));
        tf.dispose([expected, actual]);
      }
    },
  );
});
