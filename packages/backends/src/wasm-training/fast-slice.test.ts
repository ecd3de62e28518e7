import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerWasmTrainingKernels } from './index.js';
import { lcg } from './test-random.js';

describe('Slice on wasm equals cpu', () => {
  beforeAll(async () => {
    registerWasmTrainingKernels();
    await tf.setBackend('wasm');
    await tf.ready();
  });

  const rand = lcg(5);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const cases = Array.from({ length: 40 }, () => {
    const rank = pick([1, 2, 3, 4, 5]);
    const shape = Array.from({ length: rank }, () => pick([1, 2, 3, 5, 17]));
    // Per axis: taken whole, cut at both ends, or a single index; -1 sizes too ("to the end").
    const begin = shape.map((d) => (rand() < 0.4 ? 0 : Math.floor(rand() * d)));
    const size = shape.map((d, i) => {
      const left = d - (begin[i] as number);
      const r = rand();
      return r < 0.3 ? left : r < 0.4 ? -1 : 1 + Math.floor(rand() * left);
    });
    return { shape, begin, size, dtype: pick(['float32', 'int32', 'bool'] as const) };
  });
  // The VAE-GAN's padded activations, and slices that are empty or the whole tensor.
  cases.push(
    { shape: [4, 17, 17, 6], begin: [0, 1, 1, 0], size: [4, 15, 15, 6], dtype: 'float32' },
    { shape: [4, 10, 12, 3], begin: [0, 0, 1, 0], size: [4, 10, 10, 3], dtype: 'float32' },
    { shape: [3, 4, 5], begin: [0, 0, 0], size: [3, 4, 5], dtype: 'float32' },
    { shape: [3, 4, 5], begin: [1, 2, 0], size: [2, 0, 5], dtype: 'float32' },
    { shape: [6, 40], begin: [2, 0], size: [3, 40], dtype: 'int32' },
  );

  it.each(cases)('%o', async ({ shape, begin, size, dtype }) => {
    const values = Array.from({ length: tf.util.sizeFromShape(shape) }, (_, i) =>
      dtype === 'bool' ? Number(rand() < 0.5) : dtype === 'int32' ? i - 7 : rand(),
    );
    const run = () => tf.tidy(() => tf.slice(tf.tensor(values, shape, dtype), begin, size));
    await tf.setBackend('cpu');
    const cpu = run();
    await tf.setBackend('wasm');
    const wasm = run();
    expect(wasm.shape).toEqual(cpu.shape);
    expect(wasm.dtype).toBe(dtype);
    // A copy: exactly equal.
    expect(Array.from(wasm.dataSync())).toEqual(Array.from(cpu.dataSync()));
    tf.dispose([cpu, wasm]);
  });
});
