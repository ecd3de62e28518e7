import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerWasmTrainingKernels } from './index.js';
import { lcg } from './test-random.js';

describe('Concat on wasm equals cpu', () => {
  beforeAll(async () => {
    registerWasmTrainingKernels();
    await tf.setBackend('wasm');
    await tf.ready();
  });

  const rand = lcg(11);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const cases = Array.from({ length: 24 }, () => {
    const rank = pick([1, 2, 3, 4]);
    const shape = Array.from({ length: rank }, () => pick([1, 2, 3, 5]));
    const axis = Math.floor(rand() * rank);
    // Widths along the axis on both sides of the 16-element switch between element copies and `set`.
    const widths = Array.from({ length: pick([2, 3]) }, () => pick([0, 1, 2, 7, 20]));
    return { shapes: widths.map((w) => shape.map((d, i) => (i === axis ? w : d))), axis };
  });

  it.each(cases)('%o', async ({ shapes, axis }) => {
    const data = shapes.map((s) => Float32Array.from({ length: tf.util.sizeFromShape(s) }, () => rand()));
    const run = () =>
      tf.tidy(() =>
        tf.concat(
          shapes.map((s, i) => tf.tensor(data[i] as Float32Array, s)),
          axis,
        ),
      );
    await tf.setBackend('cpu');
    const cpu = run();
    await tf.setBackend('wasm');
    const wasm = run();
    expect(wasm.shape).toEqual(cpu.shape);
    // A copy: exactly equal.
    expect(Array.from(wasm.dataSync())).toEqual(Array.from(cpu.dataSync()));
    tf.dispose([cpu, wasm]);
  });
});
