import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileHeapKernels } from '../../scripts/build-heap-kernels-wasm.mjs';
import { adamReference, fusedAdamOnWasm } from './__fixtures__/adam-reference.js';
import { address, type HeapKernels, heapKernels } from './heap-kernels.js';
import {
  HEAP_KERNELS_SHARED_WASM_BASE64,
  HEAP_KERNELS_SHARED_WASM_SHA256,
  HEAP_KERNELS_WASM_BASE64,
  HEAP_KERNELS_WASM_SHA256,
} from './heap-kernels-wasm.js';
import { registerWasmTrainingKernels } from './index.js';
import { lcg } from './test-random.js';

const rand = lcg(29);
/** Values with mixed signs and magnitudes, so sums and Adam steps round in many ways. */
const values = (n: number) => Float32Array.from({ length: n }, () => (rand() - 0.5) * 10 ** (4 * rand() - 2));

describe('heap-kernels.wat', () => {
  it('is embedded as a fresh compile of the .wat (both memory variants)', async () => {
    const { plain, shared } = await compileHeapKernels();
    expect(plain.sha256).toBe(HEAP_KERNELS_WASM_SHA256);
    expect(Buffer.from(plain.wasm).toString('base64')).toBe(HEAP_KERNELS_WASM_BASE64);
    expect(shared.sha256).toBe(HEAP_KERNELS_SHARED_WASM_SHA256);
    expect(Buffer.from(shared.wasm).toString('base64')).toBe(HEAP_KERNELS_SHARED_WASM_BASE64);
  });
});

describe('heap kernels on the wasm backend equal the JavaScript loops they replace, to the bit', () => {
  let backend: BackendWasm;
  let kernels: HeapKernels;
  beforeAll(async () => {
    registerWasmTrainingKernels();
    await tf.setBackend('wasm');
    await tf.ready();
    backend = tf.backend() as BackendWasm;
    const found = heapKernels(backend);
    // The kernels must be reachable on the backend the tests run: a null here would leave every other
    // wasm test exercising only the JavaScript fallbacks.
    expect(found).not.toBeNull();
    kernels = found as HeapKernels;
  });

  /** A heap tensor holding `data` (or zeros of `size`), its byte address, and a reader. */
  function onHeap(data: Float32Array | number) {
    const t = typeof data === 'number' ? tf.zeros([data]) : tf.tensor1d(data);
    return { t, at: address(backend, t), read: () => t.dataSync() as Float32Array };
  }

  it.each([
    [1, 1, 1, 1],
    [3, 5, 5, 3],
    [4, 4, 4, 4],
    [15, 202, 202, 15],
    [9, 7, 11, 13],
    [8, 12, 12, 20],
  ])(
    'transpose: %i rows x %i cols, source stride %i, destination stride %i',
    (rows, cols, srcStride, dstStride) => {
      const src = values(rows * srcStride);
      const dstSize = cols * dstStride;
      const initial = values(dstSize);
      const s = onHeap(src);
      const d = onHeap(initial);
      kernels.transpose(d.at, dstStride, s.at, srcStride, rows, cols);
      const expected = Float32Array.from(initial);
      for (let r = 0; r < rows; r++) {
        for (let c = 0; c < cols; c++) expected[c * dstStride + r] = src[r * srcStride + c] as number;
      }
      // Untouched elements keep their values: the kernel writes only the block.
      expect(d.read()).toEqual(expected);
      tf.dispose([s.t, d.t]);
    },
  );

  it.each([
    [4, 1, 3, 5],
    [6, 8, 8, 10],
    [5, 9, 20, 12],
    [3, 202, 404, 404],
    [0, 5, 5, 5],
  ])('copyRows: %i rows of %i floats, strides %i -> %i', (count, length, srcStride, dstStride) => {
    const src = values(Math.max(1, count * srcStride));
    const initial = values(Math.max(1, count * dstStride));
    const s = onHeap(src);
    const d = onHeap(initial);
    kernels.copyRows(d.at, dstStride, s.at, srcStride, count, length);
    const expected = Float32Array.from(initial);
    for (let r = 0; r < count; r++) {
      for (let i = 0; i < length; i++) expected[r * dstStride + i] = src[r * srcStride + i] as number;
    }
    expect(d.read()).toEqual(expected);
    tf.dispose([s.t, d.t]);
  });

  it.each([
    [1, 1, 1],
    [5, 16, 1],
    [7, 33, 1 / 7],
    [28800, 64, 1 / 28800],
    [3, 17, 1],
    [0, 20, 1],
  ])('sumRows: %i rows x %i cols, scale %d', (rows, cols, scale) => {
    const src = values(Math.max(1, rows * cols));
    const s = onHeap(src);
    const d = onHeap(cols);
    kernels.sumRows(d.at, s.at, rows, cols, scale);
    const expected = new Float32Array(cols);
    for (let c = 0; c < cols; c++) {
      let acc = 0;
      for (let r = 0; r < rows; r++) acc += src[r * cols + c] as number;
      expected[c] = acc * scale;
    }
    expect(d.read()).toEqual(expected);
    tf.dispose([s.t, d.t]);
  });

  it.each([1, 2, 7, 1000])('adam: %i elements', (n) => {
    const [x, g, m] = [values(n), values(n), values(n)];
    const v = values(n).map(Math.abs);
    const ins = [x, g, m, v].map(onHeap);
    const outs = [n, n, n].map(onHeap);
    const attrs = { beta1: 0.5, beta2: 0.999, epsilon: 1e-8, stepSize: 2e-4 };
    kernels.adam(
      ...(ins.map((h) => h.at) as [number, number, number, number]),
      ...(outs.map((h) => h.at) as [number, number, number]),
      n,
      attrs.beta1,
      attrs.beta2,
      1 - attrs.beta1,
      1 - attrs.beta2,
      attrs.epsilon,
      attrs.stepSize,
    );
    const { x1, m1, v1 } = adamReference(x, g, m, v, attrs);
    expect(outs[0]?.read()).toEqual(x1);
    expect(outs[1]?.read()).toEqual(m1);
    expect(outs[2]?.read()).toEqual(v1);
    tf.dispose([...ins, ...outs].map((h) => h.t));
  });

  it('the fused Adam kernel on wasm runs them (the same numbers as the loop above)', () => {
    expect(fusedAdamOnWasm(9)).toBe(true);
  });
});
