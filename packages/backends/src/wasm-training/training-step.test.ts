import '@tensorflow/tfjs-backend-cpu';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTinyGan, fixedBatch, ganGeneratorLoss } from './__fixtures__/tiny-graphs.js';
import { listMissingWasmKernels, registerWasmTrainingKernels } from './index.js';

function maxAbs(a: Float32Array): number {
  let m = 0;
  for (const v of a) m = Math.max(m, Math.abs(v));
  return m;
}

/**
 * max |a - b| / max(max |b|, floor). The floor is 1e-2 of the largest magnitude over the whole model:
 * a conv bias followed by batch norm has a gradient that is zero in exact arithmetic (~5e-7 here, pure
 * rounding noise against kernel gradients ~4), and no backend agrees with another on noise.
 */
function relativeError(a: Float32Array, b: Float32Array, floor: number): number {
  expect(a.length).toBe(b.length);
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff = Math.max(diff, Math.abs((a[i] as number) - (b[i] as number)));
  return diff / Math.max(maxAbs(b), floor);
}

/** One SGD step of the tiny GAN generator from fixed weights; returns gradients and updated weights. */
async function trainingStep(backend: string, initial: Float32Array[]) {
  await tf.setBackend(backend);
  const gan = createTinyGan();
  const weights = [...gan.generator.trainableWeights, ...gan.discriminator.trainableWeights];
  weights.forEach((w, i) => {
    w.write(tf.tensor(initial[i] ?? w.read().dataSync(), w.shape as number[]));
  });
  const { audio, target } = fixedBatch(3, 8, 42);
  const optimizer = tf.train.sgd(0.05);
  const vars = gan.generator.trainableWeights.map((w) => w.read() as tf.Variable);
  const { grads } = tf.variableGrads(() => ganGeneratorLoss(gan, audio, target), vars);
  const gradValues = vars.map((v) => grads[v.name]?.dataSync() as Float32Array);
  optimizer.applyGradients(grads);
  const updated = gan.generator.trainableWeights.map((w) => w.read().dataSync() as Float32Array);
  tf.dispose([grads, audio, target]);
  optimizer.dispose();
  gan.generator.dispose();
  gan.discriminator.dispose();
  return { gradValues, updated, names: vars.map((v) => v.name) };
}

describe('a full training step on wasm equals the cpu backend', () => {
  beforeAll(async () => {
    registerWasmTrainingKernels();
    await tf.setBackend('wasm');
    await tf.ready();
  });

  it('needs no kernel that wasm lacks', async () => {
    await tf.setBackend('cpu');
    const gan = createTinyGan();
    const { audio, target } = fixedBatch(2, 8, 1);
    const missing = await listMissingWasmKernels(() => {
      const { value, grads } = tf.variableGrads(() => ganGeneratorLoss(gan, audio, target));
      tf.dispose(grads);
      return value;
    });
    tf.dispose([audio, target]);
    gan.generator.dispose();
    gan.discriminator.dispose();
    expect(missing).toEqual([]);
  });

  it('gives the same gradients and updated weights within 1e-4 relative', async () => {
    await tf.setBackend('cpu');
    const seedGan = createTinyGan();
    const initial = [...seedGan.generator.trainableWeights, ...seedGan.discriminator.trainableWeights].map(
      (w) => w.read().dataSync() as Float32Array,
    );
    seedGan.generator.dispose();
    seedGan.discriminator.dispose();
    const cpu = await trainingStep('cpu', initial);
    const wasm = await trainingStep('wasm', initial);
    expect(wasm.gradValues.length).toBeGreaterThan(10);
    const gradFloor = 1e-2 * Math.max(...cpu.gradValues.map(maxAbs));
    const weightFloor = 1e-2 * Math.max(...cpu.updated.map(maxAbs));
    cpu.gradValues.forEach((g, i) => {
      const err = relativeError(wasm.gradValues[i] as Float32Array, g, gradFloor);
      expect(err, `gradient of ${cpu.names[i]}`).toBeLessThan(1e-4);
    });
    let moved = 0;
    cpu.updated.forEach((w, i) => {
      const err = relativeError(wasm.updated[i] as Float32Array, w, weightFloor);
      expect(err, `updated ${cpu.names[i]}`).toBeLessThan(1e-4);
      moved = Math.max(moved, relativeError(w, initial[i] as Float32Array, weightFloor));
    });
    // The step must visibly move the weights, or equal weights would prove nothing.
    expect(moved).toBeGreaterThan(1e-2);
  });

  it('leaks no tensors and no wasm memory over 100 steps', async () => {
    await tf.setBackend('wasm');
    const backend = tf.backend() as BackendWasm;
    const gan = createTinyGan({ size: 6, filters: 2 });
    const { audio, target } = fixedBatch(2, 6, 3);
    const optimizer = tf.train.adam(1e-3);
    const vars = gan.generator.trainableWeights.map((w) => w.read() as tf.Variable);
    const step = () => {
      const loss = optimizer.minimize(() => ganGeneratorLoss(gan, audio, target), true, vars);
      loss?.dispose();
    };
    for (let i = 0; i < 5; i++) step();
    const tensors = tf.memory().numTensors;
    const dataIds = backend.numDataIds();
    const heapBytes = () => (backend.wasm as unknown as { HEAPU8: Uint8Array }).HEAPU8.length;
    const heap = heapBytes();
    for (let i = 0; i < 100; i++) step();
    expect(tf.memory().numTensors).toBe(tensors);
    expect(backend.numDataIds()).toBe(dataIds);
    expect(heapBytes()).toBe(heap);
    optimizer.dispose();
    tf.dispose([audio, target]);
    gan.generator.dispose();
    gan.discriminator.dispose();
  });
});
