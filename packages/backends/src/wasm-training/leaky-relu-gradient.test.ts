import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerWasmTrainingKernels } from './index.js';
import { LEAKY_RELU_GRAD_KERNEL, leakyReluGradConfig } from './leaky-relu-gradient.js';
import { lcg } from './test-random.js';

describe("LeakyReLU's gradient kernel", () => {
  beforeAll(async () => {
    registerWasmTrainingKernels();
    await tf.setBackend('wasm');
    await tf.ready();
  });

  const rand = lcg(41);
  // Odd sizes (the SIMD loop's tail), zeros of both signs (no kink taken: x > 0 is false), and alphas that
  // float32 cannot hold exactly.
  const cases = [
    { size: 1, alpha: 0.2 },
    { size: 7, alpha: 0.01 },
    { size: 1003, alpha: 0.3 },
    { size: 4096, alpha: 0.2 },
  ];

  it('is registered on wasm and the gradient in use after registerWasmTrainingKernels()', () => {
    expect(tf.getKernel(LEAKY_RELU_GRAD_KERNEL, 'wasm')).toBeDefined();
    expect(tf.getKernel(LEAKY_RELU_GRAD_KERNEL, 'cpu')).toBeUndefined();
    expect(tf.getGradient(tf.LeakyRelu)).toBe(leakyReluGradConfig);
  });

  it.each(cases)(
    'first and second order equal the op chain on cpu to the bit: %o',
    async ({ size, alpha }) => {
      const x = Float32Array.from({ length: size }, (_, i) =>
        i % 11 === 0 ? (i % 2 ? -0 : 0) : rand() * 4 - 2,
      );
      const weights = Float32Array.from({ length: size }, () => rand() * 2 - 1);
      // f(x) = sum(w * leakyRelu(x)); its gradient is w * (x > 0 ? 1 : alpha). The second order (as the
      // WGAN-GP's gradient penalty needs) differentiates sum(c * df/dx) by w: it goes through the gradient
      // kernel's dy, the only path tfjs's op chain can differentiate too (Greater has no gradient).
      const c = Float32Array.from({ length: size }, () => rand() * 2 - 1);
      const run = () =>
        tf.tidy(() => {
          const xs = tf.tensor1d(x);
          const gradientOf = (w: tf.Tensor) =>
            tf.grad((v: tf.Tensor) => tf.sum(tf.mul(w, tf.leakyRelu(v, alpha))))(xs);
          const first = gradientOf(tf.tensor1d(weights));
          const second = tf.grad((w: tf.Tensor) => tf.sum(tf.mul(tf.tensor1d(c), gradientOf(w))))(
            tf.tensor1d(weights),
          );
          return [first.dataSync().slice(), second.dataSync().slice()];
        });
      await tf.setBackend('cpu');
      const [cpuFirst, cpuSecond] = run();
      await tf.setBackend('wasm');
      const [wasmFirst, wasmSecond] = run();
      expect(Array.from(wasmFirst as Float32Array)).toEqual(Array.from(cpuFirst as Float32Array));
      expect(Array.from(wasmSecond as Float32Array)).toEqual(Array.from(cpuSecond as Float32Array));
    },
  );
});
