import { randomInt } from 'node:crypto';
import '@tensorflow/tfjs-backend-cpu';
import { createCgan, createCvae, createVaegan, createWgan } from '@ifa/models';
import { cganObjectives, cvaeObjectives, vaeganObjectives, wganObjectives } from '@ifa/models/internal';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { KinkPins } from './__fixtures__/kink-pins.js';
import { listMissingWasmKernels, registerWasmTrainingKernels } from './index.js';

/**
 * Initial weights: a fresh seed each run, printed with any failure; IFA_TEST_INIT_SEED=<n> repeats one.
 * (This test was once pinned to seed 1 because unseeded runs sometimes differed by ~1e-3; the causes,
 * and how the comparison below allows for them without hiding kernel errors, are in ../README.md, Tests.)
 */
const INIT_SEED =
  process.env.IFA_TEST_INIT_SEED === undefined
    ? randomInt(1, 2 ** 31)
    : Number(process.env.IFA_TEST_INIT_SEED);
if (!Number.isInteger(INIT_SEED)) throw new Error(`IFA_TEST_INIT_SEED must be an integer, got ${INIT_SEED}`);
const REPRODUCE = `IFA_TEST_INIT_SEED=${INIT_SEED}`;

/**
 * The allowed gap, relative (see relativeError), once kink decisions are pinned (see KinkPins): 1e-4, but
 * 5e-4 for the WGAN-GP. Its critic loss includes the gradient penalty (n - 1)^2, n the norm of the
 * critic's input gradient, and the penalty's gradient 2 lambda (n - 1) / (N n) dn/dtheta (lambda 10)
 * carries the backends' float32 difference in n (2.9e-6 at seed 71: instance norm over 3x3 maps magnifies
 * the convolutions' rounding) into every critic variable alike: 5.5e-5 there, the most in 400 seeds.
 */
const TOLERANCE: Record<string, number> = { cgan: 1e-4, cvae: 1e-4, vaegan: 1e-4, wgan: 5e-4 };

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
  return built.objectives.flatMap((o) => o.variables.map((v) => v.dataSync().slice() as Float32Array));
}

function assign(variables: tf.Variable[], values: Float32Array[]): void {
  variables.forEach((v, i) => {
    v.assign(tf.tensor(values[i] as Float32Array, v.shape));
  });
}

/** Largest relativeError over all variables, and where. */
function worstError(
  a: Float32Array[],
  b: Float32Array[],
  floor: number,
  variables: tf.Variable[],
): { error: number; where: string } {
  let worst = { error: 0, where: '' };
  b.forEach((reference, i) => {
    const error = relativeError(a[i] as Float32Array, reference, floor);
    if (error > worst.error) worst = { error, where: variables[i]?.name ?? `#${i}` };
  });
  return worst;
}

describe('one training step of each tiny @ifa/models model: wasm equals cpu', () => {
  const pins = new KinkPins();

  beforeAll(async () => {
    registerWasmTrainingKernels();
    await tf.setBackend('wasm');
    await tf.ready();
    pins.install(['cpu', 'wasm']);
  });
  afterAll(() => pins.uninstall());

  it.each(Object.keys(builders))(
    '%s',
    async (kind) => {
      onTestFailed(() => {
        console.error(`models-training-step ${kind} failed with initial weights of ${REPRODUCE}`);
      });
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

      // The reference run records its decisions at ReLU-like kinks; the wasm run takes the reference's
      // decision wherever the reference's input was within rounding of the kink (see KinkPins).
      const cpu = pins.record(() => step(built, batch));
      expect(pins.recorded, 'decisions recorded').toBeGreaterThan(1000);
      assign(variables, initial);
      await tf.setBackend('wasm');
      const wasm = pins.replay(() => step(built, batch));

      const floor = 1e-2 * Math.max(...cpu.map(maxAbs));
      const gap = worstError(wasm, cpu, floor, variables);
      const tolerance = TOLERANCE[kind] as number;
      expect(gap.error, `${kind} ${gap.where} (${REPRODUCE})`).toBeLessThan(tolerance);
      const moved = worstError(cpu, initial, floor, variables).error;
      expect(moved, 'the step must move the weights').toBeGreaterThan(1e-4);
      tf.dispose([batch.audio, batch.image]);
      built.dispose();
    },
    120_000,
  );
});
