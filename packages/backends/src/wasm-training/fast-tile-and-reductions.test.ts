import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerWasmTrainingKernels } from './index.js';
import { lcg } from './test-random.js';

function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs((a[i] as number) - (b[i] as number)));
    scale = Math.max(scale, Math.abs(b[i] as number));
  }
  return diff / Math.max(scale, 1e-6);
}

async function both(fn: () => tf.Tensor): Promise<[Float32Array, Float32Array, number[], number[]]> {
  await tf.setBackend('cpu');
  const c = fn();
  const cpu = c.dataSync() as Float32Array;
  await tf.setBackend('wasm');
  const w = fn();
  const wasm = w.dataSync() as Float32Array;
  const shapes = [c.shape, w.shape];
  tf.dispose([c, w]);
  return [wasm, cpu, shapes[0] as number[], shapes[1] as number[]];
}

describe('Tile, Sum and Mean on wasm match cpu', () => {
  beforeAll(async () => {
    registerWasmTrainingKernels();
    await tf.setBackend('wasm');
    await tf.ready();
  });

  const rand = lcg(7);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const cases = Array.from({ length: 30 }, () => {
    const rank = pick([1, 2, 3, 4]);
    const shape = Array.from({ length: rank }, () => pick([1, 2, 3, 5]));
    const reps = shape.map(() => pick([1, 2, 3]));
    const axisCount = pick([1, 2, 3, 4]);
    const axis = pick([
      Array.from({ length: Math.min(axisCount, rank) }, (_, i) => i),
      [rank - 1],
      [pick([-1, 0])],
      undefined,
    ]);
    return { shape, reps, axis, keepDims: pick([true, false]), seed: Math.floor(rand() * 1e6) };
  });

  it.each(cases.map((c, i) => [i, c] as const))('case %i: %o', async (_i, c) => {
    const values = () =>
      tf.tensor(Float32Array.from({ length: tf.util.sizeFromShape(c.shape) }, lcg(c.seed)), c.shape);
    for (const op of [
      () => tf.tile(values(), c.reps),
      () => tf.sum(values(), c.axis, c.keepDims),
      () => tf.mean(values(), c.axis, c.keepDims),
    ]) {
      const [wasm, cpu, cpuShape, wasmShape] = await both(() => tf.tidy(op));
      expect(wasmShape).toEqual(cpuShape);
      expect(relativeError(wasm, cpu)).toBeLessThan(1e-5);
    }
  });

  it('tiles a [1, 1, 1, C] vector to [N, H, W, C] as batch norm does', async () => {
    const [wasm, cpu] = await both(() =>
      tf.tidy(() => tf.tile(tf.reshape(tf.range(0, 7, 1, 'float32'), [1, 1, 1, 7]), [3, 4, 5, 1])),
    );
    expect(relativeError(wasm, cpu)).toBe(0);
  });
});
