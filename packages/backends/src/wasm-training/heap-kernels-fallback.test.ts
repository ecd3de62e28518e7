// The JavaScript loops that run where the heap kernels cannot (another build of tfjs-backend-wasm, or a
// page that may not compile WebAssembly): the wasm kernel tests of these files again, with
// `heapKernels` answering null, so every kernel takes its JavaScript path.
vi.mock('./heap-kernels.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('./heap-kernels.js')>();
  return { ...actual, heapKernels: () => null, heapCopies: actual.javascriptCopies };
});

import './kernels.test.js';
import './fast-batch-matmul.test.js';
import './fast-concat.test.js';
import './fast-split.test.js';
import './fast-tile-and-reductions.test.js';
import './leaky-relu-gradient.test.js';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { fusedAdamOnWasm } from './__fixtures__/adam-reference.js';
import { heapCopies, heapKernels, javascriptCopies } from './heap-kernels.js';
import { registerWasmTrainingKernels } from './index.js';

describe('the fused Adam kernel without the heap kernels', () => {
  beforeAll(async () => {
    registerWasmTrainingKernels();
    await tf.setBackend('wasm');
    await tf.ready();
  });
  it('runs with the heap kernels out of reach (the mock holds)', () => {
    const backend = tf.backend() as BackendWasm;
    expect(heapKernels(backend)).toBeNull();
    expect(heapCopies).toBe(javascriptCopies);
  });
  it.each([1, 2, 9, 1000])('%i elements: the JavaScript loop, to the bit', (n) => {
    expect(fusedAdamOnWasm(n)).toBe(true);
  });
});
