import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerWasmTrainingKernels } from './index.js';
import { lcg } from './test-random.js';

describe('BatchMatMul with transposed operands on wasm equals cpu', () => {
  beforeAll(async () => {
    registerWasmTrainingKernels();
    await tf.setBackend('wasm');
    await tf.ready();
  });

  const rand = lcg(23);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  // Rank 2 and 3 (batch 1 and more, one side broadcast), odd sizes around the 4 x 4 tiles, all four
  // transpose combinations.
  const cases = Array.from({ length: 24 }, (_, i) => {
    const [m, k, n] = [pick([1, 3, 5, 17]), pick([1, 4, 7, 33]), pick([1, 2, 9, 16])];
    const batch = i % 3 === 0 ? [] : [pick([1, 2, 3])];
    const transposeA = i % 2 === 1;
    const transposeB = Math.floor(i / 2) % 2 === 1;
    const broadcastB = batch.length > 0 && i % 5 === 0;
    return {
      a: [...batch, ...(transposeA ? [k, m] : [m, k])],
      b: [...(broadcastB ? [1] : batch), ...(transposeB ? [n, k] : [k, n])],
      transposeA,
      transposeB,
    };
  });

  it.each(cases)('%o', async ({ a, b, transposeA, transposeB }) => {
    const av = Float32Array.from({ length: tf.util.sizeFromShape(a) }, () => rand() * 2 - 1);
    const bv = Float32Array.from({ length: tf.util.sizeFromShape(b) }, () => rand() * 2 - 1);
    const run = () =>
      tf.tidy(() => tf.matMul(tf.tensor(av, a), tf.tensor(bv, b), transposeA, transposeB).dataSync().slice());
    await tf.setBackend('cpu');
    const cpu = run();
    await tf.setBackend('wasm');
    const wasm = run();
    expect(wasm.length).toBe(cpu.length);
    // Sums in another order: equal to float32 rounding.
    for (let i = 0; i < cpu.length; i++) expect(wasm[i]).toBeCloseTo(cpu[i] as number, 5);
  });
});
