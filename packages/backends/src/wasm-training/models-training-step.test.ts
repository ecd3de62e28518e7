import '@tensorflow/tfjs-backend-cpu';
import { createCgan, createCvae, createVaegan, createWgan } from '@ifa/models';
import { cganObjectives, cvaeObjectives, vaeganObjectives, wganObjectives } from '@ifa/models/internal';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { listMissingWasmKernels, registerWasmTrainingKernels } from './index.js';

/**
 * Fixed initial weights, so the test is repeatable. With unseeded random weights about one run in twelve
 * differed by ~1e-3 in one first-layer kernel (seen for cgan and wgan), while seeds 1-12 all pass. The
 * likeliest cause is a ReLU / |x| input within float rounding of its kink, where the backends may take
 * different branches; it was not diagnosed further. Set IFA_TEST_INIT_SEED to try other initialisations.
 */
const INIT_SEED = Number(process.env.IFA_TEST_INIT_SEED ?? 1);

interface Objective {
  variables: tf.Variable[];
  loss(batch: { audio: tf.Tensor4D; image: tf.Tensor4D }, options?: { seed?: number }): tf.Scalar;
}

interface Built {
  objectives: Objective[];
  dispose(): void;
}

const builders: Record<string, () => Built> = {
  cgan: () => {
    const m = createCgan('tiny', { seed: INIT_SEED });
    const o = cganObjectives(m);
    return { objectives: [o.discriminator, o.generator], dispose: () => m.dispose() };
  },
  cvae: () => {
    const m = createCvae('tiny', { seed: INIT_SEED });
    return { objectives: [cvaeObjectives(m).vae], dispose: () => m.dispose() };
  },
  vaegan: () => {
    const m = createVaegan('tiny', { seed: INIT_SEED });
    const o = vaeganObjectives(m) as unknown as Record<string, Objective>;
    return { objectives: Object.values(o), dispose: () => m.dispose() };
  },
  wgan: () => {
    const m = createWgan('tiny', { seed: INIT_SEED });
    const o = wganObjectives(m);
    return { objectives: [o.critic, o.generator], dispose: () => m.dispose() };
  },
};

function fixedBatch(n: number): { audio: tf.Tensor4D; image: tf.Tensor4D } {
  let s = 12345;
  const next = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const size = n * 28 * 28;
  return {
    audio: tf.tensor4d(Float32Array.from({ length: size }, next), [n, 28, 28, 1]),
    image: tf.tensor4d(Float32Array.from({ length: size }, next), [n, 28, 28, 1]),
  };
}

function maxAbs(a: Float32Array): number {
  let m = 0;
  for (const v of a) m = Math.max(m, Math.abs(v));
  return m;
}

/** See training-step.test.ts: the floor keeps exact-zero gradients (bias before BN) from comparing noise. */
function relativeError(a: Float32Array, b: Float32Array, floor: number): number {
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff = Math.max(diff, Math.abs((a[i] as number) - (b[i] as number)));
  return diff / Math.max(maxAbs(b), floor);
}

/** One SGD update per objective, in order, on the current backend; returns every variable's new value. */
function step(built: Built, batch: { audio: tf.Tensor4D; image: tf.Tensor4D }): Float32Array[] {
  const optimizer = tf.train.sgd(0.01);
  for (const objective of built.objectives) {
    const { value, grads } = tf.variableGrads(() => objective.loss(batch, { seed: 7 }), objective.variables);
    optimizer.applyGradients(grads);
    tf.dispose([value, grads]);
  }
  optimizer.dispose();
  return built.objectives.flatMap((o) => o.variables.map((v) => v.dataSync() as Float32Array));
}

describe('one training step of each tiny @ifa/models model: wasm equals cpu', () => {
  beforeAll(async () => {
    registerWasmTrainingKernels();
    await tf.setBackend('wasm');
    await tf.ready();
  });

  it.each(Object.keys(builders))('%s', async (kind) => {
    await tf.setBackend('cpu');
    const built = (builders[kind] as () => Built)();
    const batch = fixedBatch(2);
    const variables = built.objectives.flatMap((o) => o.variables);
    const initial = variables.map((v) => v.dataSync().slice() as Float32Array);

    const missing = await listMissingWasmKernels(() => {
      const o = built.objectives[built.objectives.length - 1] as Objective;
      const { value, grads } = tf.variableGrads(() => o.loss(batch, { seed: 7 }), o.variables);
      tf.dispose(grads);
      return value;
    });
    expect(missing).toEqual([]);

    const cpu = step(built, batch);
    variables.forEach((v, i) => {
      v.assign(tf.tensor(initial[i] as Float32Array, v.shape));
    });
    await tf.setBackend('wasm');
    const wasm = step(built, batch);

    const floor = 1e-2 * Math.max(...cpu.map(maxAbs));
    let moved = 0;
    cpu.forEach((w, i) => {
      expect(relativeError(wasm[i] as Float32Array, w, floor), `${kind} ${variables[i]?.name}`).toBeLessThan(
        1e-4,
      );
      moved = Math.max(moved, relativeError(w, initial[i] as Float32Array, floor));
    });
    expect(moved).toBeGreaterThan(1e-4);
    tf.dispose([batch.audio, batch.image]);
    built.dispose();
  });
});
