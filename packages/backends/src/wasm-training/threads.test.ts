import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { heapKernels } from './heap-kernels.js';
import { registerWasmTrainingKernels, setWasmBackendWithThreads } from './index.js';

// Its own file: the threaded module must be the first wasm backend this process initialises.
describe('threaded wasm backend under Node', () => {
  it('starts two XNNPACK threads and computes what cpu computes', async () => {
    registerWasmTrainingKernels();
    const threads = await setWasmBackendWithThreads({ threads: 2 });
    expect(threads).toBe(2);
    expect(tf.getBackend()).toBe('wasm');
    expect(typeof (globalThis as { Worker?: unknown }).Worker).toBe('undefined');
    // The heap kernels run on the threaded build's shared memory too.
    const backend = tf.backend() as BackendWasm;
    const memory = (backend.wasm as unknown as { wasmMemory?: WebAssembly.Memory }).wasmMemory;
    expect(memory?.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(heapKernels(backend)).not.toBeNull();
    const x = tf.randomUniform([4, 9, 9, 16], -1, 1, 'float32', 1);
    const w = tf.randomUniform([3, 3, 16, 24], -1, 1, 'float32', 2);
    const w2 = tf.randomUniform([2, 2, 16, 8], -1, 1, 'float32', 3);
    // A 3 x 3 stride-2 conv (XNNPACK routes) and a 2 x 2 stride-2 one (the patch route: the heap
    // kernels' transpose and row copies), then leading-axis means (their sums).
    const f = (...[xx, ww, ww2]: tf.Tensor[]) =>
      tf.add(
        tf.sum(tf.square(tf.conv2d(xx as tf.Tensor4D, ww as tf.Tensor4D, 2, 'same'))),
        tf.sum(tf.square(tf.mean(tf.conv2d(xx as tf.Tensor4D, ww2 as tf.Tensor4D, 2, 'valid'), [0, 1]))),
      );
    const [gxWasm, gwWasm, gw2Wasm] = tf
      .grads(f)([x, w, w2])
      .map((t) => t.dataSync());
    await tf.setBackend('cpu');
    const [gxCpu, gwCpu, gw2Cpu] = tf
      .grads(f)([x, w, w2])
      .map((t) => t.dataSync());
    const rel = (a: ArrayLike<number>, b: ArrayLike<number>) => {
      let d = 0;
      let s = 0;
      for (let i = 0; i < a.length; i++) {
        d = Math.max(d, Math.abs((a[i] as number) - (b[i] as number)));
        s = Math.max(s, Math.abs(b[i] as number));
      }
      return d / s;
    };
    expect(rel(gxWasm as Float32Array, gxCpu as Float32Array)).toBeLessThan(1e-4);
    expect(rel(gwWasm as Float32Array, gwCpu as Float32Array)).toBeLessThan(1e-4);
    expect(rel(gw2Wasm as Float32Array, gw2Cpu as Float32Array)).toBeLessThan(1e-4);
  });
});
