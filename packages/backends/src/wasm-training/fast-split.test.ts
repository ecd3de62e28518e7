import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerWasmTrainingKernels } from './index.js';
import { lcg } from './test-random.js';

describe('SplitV on wasm equals cpu', () => {
  beforeAll(async () => {
    registerWasmTrainingKernels();
    await tf.setBackend('wasm');
    await tf.ready();
  });

  const rand = lcg(17);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const cases = Array.from({ length: 24 }, (_, i) => {
    const rank = pick([1, 2, 3, 4]);
    const axis = Math.floor(rand() * rank);
    // Sizes along the axis: zeros, ones, long runs; every fourth case a -1 ("the rest"), every third a count.
    const sizes = Array.from({ length: pick([2, 3]) }, () => pick([0, 1, 2, 7, 20]));
    const shape = Array.from({ length: rank }, (_, d) =>
      d === axis ? sizes.reduce((a, b) => a + b, 0) : pick([1, 2, 3, 5]),
    );
    if (i % 3 === 0 && (shape[axis] as number) > 0) return { shape, axis, splits: 1 as number | number[] };
    // (-1 last: tfjs's prepareSplitSize miscounts a leading -1, on every backend.)
    return {
      shape,
      axis,
      splits: i % 4 === 1 ? sizes.map((s, j) => (j === sizes.length - 1 ? -1 : s)) : sizes,
    };
  });

  it.each(cases)('%o', async ({ shape, axis, splits }) => {
    const data = Float32Array.from({ length: tf.util.sizeFromShape(shape) }, () => rand());
    const run = () => tf.split(tf.tensor(data, shape), Array.isArray(splits) ? [...splits] : splits, axis);
    await tf.setBackend('cpu');
    const cpu = run();
    await tf.setBackend('wasm');
    const wasm = run();
    expect(wasm.map((t) => t.shape)).toEqual(cpu.map((t) => t.shape));
    // A copy: exactly equal.
    expect(wasm.map((t) => Array.from(t.dataSync()))).toEqual(cpu.map((t) => Array.from(t.dataSync())));
    tf.dispose([...cpu, ...wasm]);
  });

  it('leaves int32 to the stock kernel', () => {
    const parts = tf.split(tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3], 'int32'), [1, 2], 1);
    expect(parts.map((t) => Array.from(t.dataSync()))).toEqual([
      [1, 4],
      [2, 3, 5, 6],
    ]);
    tf.dispose(parts);
  });
});
