import '@tensorflow/tfjs-backend-cpu';
import { standardNormal } from '@ifa/models/internal';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerWasmTrainingKernels } from './index.js';

// @ifa/models draws its noise straight from its kernel's memory on this backend, relying on
// tfjs-backend-wasm copying a new tensor's values into its heap at once; these tests hold that.
describe("@ifa/models' seeded noise on the wasm backend", () => {
  beforeAll(async () => {
    registerWasmTrainingKernels();
    await tf.setBackend('wasm');
    await tf.ready();
  });

  it('is what tf.randomNormal draws on cpu, and a later draw leaves it as it was', async () => {
    const shape = [3, 7, 7, 11];
    const first = standardNormal(shape, 12345);
    const firstValues = Float32Array.from(first.dataSync());
    // Larger than the first, and odd in size, so the kernel's memory grows under the first tensor's values.
    const second = standardNormal([5, 13, 13, 21], 777);
    expect(Array.from(first.dataSync())).toEqual(Array.from(firstValues));
    await tf.setBackend('cpu');
    const reference = tf.randomNormal(shape, 0, 1, 'float32', 12345);
    const referenceSecond = tf.randomNormal([5, 13, 13, 21], 0, 1, 'float32', 777);
    expect(Array.from(firstValues)).toEqual(Array.from(reference.dataSync()));
    const secondValues = Array.from(second.dataSync());
    expect(secondValues).toEqual(Array.from(referenceSecond.dataSync()));
    tf.dispose([reference, referenceSecond]);
    await tf.setBackend('wasm');
    tf.dispose([first, second]);
  });
});
