import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { describe, expect, it } from 'vitest';
import { registerWasmTrainingKernels, setWasmBackendWithThreads } from './index.js';

// Its own file: the threaded module must be the first wasm backend this process initialises.
describe('threaded wasm backend under Node', () => {
  it('starts two XNNPACK threads and computes what cpu computes', async () => {
    registerWasmTrainingKernels();
    const threads = await setWasmBackendWithThreads({ threads: 2 });
    expect(threads).toBe(2);
    expect(tf.getBackend()).toBe('wasm');
    expect(typeof (globalThis as { Worker?: unknown }).Worker).toBe('undefined');
    const x = tf.randomUniform([4, 9, 9, 16], -1, 1, 'float32', 1);
    const w = tf.randomUniform([3, 3, 16, 24], -1, 1, 'float32', 2);
    const f = (...[xx, ww]: tf.Tensor[]) =>
      tf.sum(tf.square(tf.conv2d(xx as tf.Tensor4D, ww as tf.Tensor4D, 2, 'same')));
    const [gxWasm, gwWasm] = tf
      .grads(f)([x, w])
      .map((t) => t.dataSync());
    await tf.setBackend('cpu');
    const [gxCpu, gwCpu] = tf
      .grads(f)([x, w])
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
  });
});
