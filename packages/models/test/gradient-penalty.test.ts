import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { InstanceNormalization, TwiceDifferentiableLeakyReLU } from '../src/layers';
import { gradientPenalty } from '../src/losses';
import { useCpuBackend } from './setup-backend';

beforeAll(useCpuBackend);

const SIZE = 6;

function values(n: number, phase: number, scale = 1): number[] {
  return Array.from({ length: n }, (_, i) => scale * Math.sin(i * 1.3 + phase));
}

/** A tiny critic built from the same layer kinds as the WGAN critic, with fixed weights. */
function tinyCritic(): tfl.LayersModel {
  const x = tfl.input({ shape: [SIZE, SIZE, 1] });
  let y = tfl.layers.zeroPadding2d({ padding: 1 }).apply(x) as tfl.SymbolicTensor;
  y = tfl.layers
    .conv2d({ filters: 3, kernelSize: 3, strides: 2, useBias: false })
    .apply(y) as tfl.SymbolicTensor;
  y = new InstanceNormalization().apply(y) as tfl.SymbolicTensor;
  y = new TwiceDifferentiableLeakyReLU({ alpha: 0.2 }).apply(y) as tfl.SymbolicTensor;
  y = tfl.layers.flatten().apply(y) as tfl.SymbolicTensor;
  y = tfl.layers.dense({ units: 1 }).apply(y) as tfl.SymbolicTensor;
  const model = tfl.model({ inputs: x, outputs: y });
  model.setWeights(model.getWeights().map((w, i) => tf.tensor(values(w.size, i + 0.5, 0.3), w.shape)));
  return model;
}

function batch() {
  const real = tf.tensor4d(values(2 * SIZE * SIZE, 0.2), [2, SIZE, SIZE, 1]);
  const fake = tf.tensor4d(values(2 * SIZE * SIZE, 2.9, 0.5), [2, SIZE, SIZE, 1]);
  const epsilon = tf.tensor4d([0.3, 0.8], [2, 1, 1, 1]);
  return { real, fake, epsilon };
}

/** Penalty from input gradients estimated by central differences (no tf.grad anywhere). */
function finiteDifferencePenalty(
  critic: tfl.LayersModel,
  real: tf.Tensor4D,
  fake: tf.Tensor4D,
  eps: tf.Tensor4D,
) {
  const h = 3e-3;
  const x = tf
    .tidy(() => tf.add(tf.mul(eps, real), tf.mul(tf.sub(1, eps), fake)))
    .arraySync() as number[][][][];
  const norms = x.map((sample) => {
    const perturbed: number[][][][] = [];
    for (let i = 0; i < SIZE; i++)
      for (let j = 0; j < SIZE; j++)
        for (const sign of [1, -1]) {
          const copy = sample.map((row) => row.map((px) => [...px]));
          copy[i]![j]![0]! += sign * h;
          perturbed.push(copy);
        }
    const scores = tf.tidy(() => (critic.predict(tf.tensor4d(perturbed)) as tf.Tensor).dataSync());
    let sq = 0;
    for (let k = 0; k < scores.length; k += 2) sq += ((scores[k]! - scores[k + 1]!) / (2 * h)) ** 2;
    return Math.sqrt(sq);
  });
  return norms.reduce((a, n) => a + (n - 1) ** 2, 0) / norms.length;
}

describe('gradientPenalty', () => {
  it('matches a finite-difference estimate of the input-gradient norm', () => {
    const critic = tinyCritic();
    const { real, fake, epsilon } = batch();
    const penalty = gradientPenalty((x) => critic.apply(x) as tf.Tensor, real, fake, epsilon);
    const expected = finiteDifferencePenalty(critic, real, fake, epsilon);
    expect(expected).toBeGreaterThan(0.01); // the check is meaningless if the penalty is ~0
    expect(Math.abs(penalty.dataSync()[0]! - expected)).toBeLessThan(3e-3 * expected);
    tf.dispose([real, fake, epsilon, penalty]);
    critic.dispose();
  });

  it('second-order: its gradient w.r.t. the critic weights matches finite differences', () => {
    const critic = tinyCritic();
    const { real, fake, epsilon } = batch();
    const penaltyOf = () => gradientPenalty((x) => critic.apply(x) as tf.Tensor, real, fake, epsilon);
    const variables = critic.trainableWeights.map((w) => w.read() as tf.Variable);
    const { value, grads } = tf.variableGrads(penaltyOf, variables);
    const h = 3e-3;
    let checked = 0;
    for (const variable of variables) {
      // tfjs returns no gradient for weights the penalty does not depend on (the final dense bias shifts
      // every score equally, so it cannot change an input gradient); their finite difference must be ~0.
      const gradient = grads[variable.name];
      const analytic = gradient === undefined ? new Float32Array(variable.size) : gradient.dataSync();
      const original = variable.dataSync().slice();
      // A few entries of every weight tensor (conv kernel, instance-norm gamma/beta, dense kernel/bias).
      for (const index of [0, Math.floor(original.length / 2), original.length - 1]) {
        const at = (delta: number) => {
          const copy = original.slice();
          copy[index]! += delta;
          variable.assign(tf.tensor(copy, variable.shape));
          return tf.tidy(() => penaltyOf().dataSync()[0]!);
        };
        const numeric = (at(h) - at(-h)) / (2 * h);
        variable.assign(tf.tensor(original, variable.shape));
        expect(Math.abs(analytic[index]! - numeric), `${variable.name}[${index}]`).toBeLessThan(
          2e-3 + 2e-2 * Math.abs(numeric),
        );
        checked += 1;
      }
    }
    expect(checked).toBe(15);
    // The second-order terms are not all zero (a broken chain through tf.grad would give zeros).
    const total = Object.values(grads).reduce(
      (s, g) => s + tf.tidy(() => tf.sum(tf.abs(g)).dataSync()[0]!),
      0,
    );
    expect(total).toBeGreaterThan(1e-3);
    tf.dispose([real, fake, epsilon, value, ...Object.values(grads)]);
    critic.dispose();
  });
});
