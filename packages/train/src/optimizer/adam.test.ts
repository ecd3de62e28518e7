import '@tensorflow/tfjs-backend-cpu';
import '@ifa/backends/internal';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { PositionalAdam } from './index';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const loss = (w: tf.Variable) => () =>
  tf.sum(tf.square(tf.sub(tf.mul(w, tf.tensor1d([1, 2, 3])), 1))) as tf.Scalar;

describe('PositionalAdam', () => {
  it('matches tfjs AdamOptimizer with betas (0, 0.9)', async () => {
    const ours = tf.variable(tf.tensor1d([0.5, -1, 2]));
    const theirs = tf.variable(tf.tensor1d([0.5, -1, 2]));
    const adam = new PositionalAdam([ours], { learningRate: 0.1 });
    const reference = tf.train.adam(0.1, 0, 0.9, 1e-8);
    for (let i = 0; i < 5; i++) {
      const { grads, value } = tf.variableGrads(loss(ours), [ours]);
      adam.apply([grads[ours.name]!]);
      tf.dispose([value, ...Object.values(grads)]);
      reference.minimize(loss(theirs), false, [theirs]);
    }
    const [a, b] = [await ours.data(), await theirs.data()];
    expect(Array.from(a)).not.toEqual([0.5, -1, 2]);
    a.forEach((v, i) => {
      expect(v).toBeCloseTo(b[i]!, 5);
    });
    adam.dispose();
    reference.dispose();
    tf.dispose([ours, theirs]);
  });

  it('restores its state so two halves equal one whole run', async () => {
    const whole = tf.variable(tf.tensor1d([0.5, -1, 2]));
    const adamWhole = new PositionalAdam([whole], { learningRate: 0.05 });
    const step = (w: tf.Variable, adam: PositionalAdam) => {
      const { grads, value } = tf.variableGrads(loss(w), [w]);
      adam.apply([grads[w.name]!]);
      tf.dispose([value, ...Object.values(grads)]);
    };
    for (let i = 0; i < 6; i++) step(whole, adamWhole);

    const first = tf.variable(tf.tensor1d([0.5, -1, 2]));
    const adamFirst = new PositionalAdam([first], { learningRate: 0.05 });
    for (let i = 0; i < 3; i++) step(first, adamFirst);
    const state = await adamFirst.getState();
    const second = tf.variable(tf.tensor(await first.data()));
    const adamSecond = new PositionalAdam([second], { learningRate: 0.05 });
    adamSecond.setState(state);
    expect(adamSecond.step).toBe(3);
    for (let i = 0; i < 3; i++) step(second, adamSecond);
    expect(Array.from(await second.data())).toEqual(Array.from(await whole.data()));
    expect(() => adamSecond.setState({ ...state, firstMoments: [] })).toThrow(/0 first moments/);
    for (const a of [adamWhole, adamFirst, adamSecond]) a.dispose();
    tf.dispose([whole, first, second]);
  });
});

describe('PositionalAdam on wasm (fused update kernel)', () => {
  it('takes the same steps as the op chain on cpu and leaves no tensors behind', async () => {
    const { registerWasmTrainingKernels, ADAM_UPDATE_KERNEL } = await import('@ifa/backends/internal');
    registerWasmTrainingKernels();
    await import('@tensorflow/tfjs-backend-wasm');
    const run = async (backend: string) => {
      await tf.setBackend(backend);
      const init = Float32Array.from({ length: 257 }, (_, i) => Math.sin(i) * 2);
      const w = tf.variable(tf.tensor1d(init));
      const adam = new PositionalAdam([w], { learningRate: 0.05, beta1: 0.5, beta2: 0.999 });
      const target = tf.tensor1d(Float32Array.from({ length: 257 }, (_, i) => Math.cos(3 * i)));
      const before = tf.memory().numTensors;
      for (let i = 0; i < 6; i++) {
        const { grads, value } = tf.variableGrads(
          () => tf.sum(tf.square(tf.sub(tf.mul(w, w), target))) as tf.Scalar,
          [w],
        );
        adam.apply([grads[w.name]!]);
        tf.dispose([value, ...Object.values(grads)]);
      }
      const leaked = tf.memory().numTensors - before;
      const values = Array.from(await w.data());
      adam.dispose();
      tf.dispose([w, target]);
      return { values, leaked };
    };
    const cpu = await run('cpu');
    const wasm = await run('wasm');
    expect(tf.getKernel(ADAM_UPDATE_KERNEL, 'wasm')).toBeDefined();
    expect(tf.getKernel(ADAM_UPDATE_KERNEL, 'cpu')).toBeUndefined();
    expect(wasm.leaked).toBe(0);
    expect(cpu.leaked).toBe(0);
    const scale = Math.max(...cpu.values.map(Math.abs));
    cpu.values.forEach((v, i) => {
      expect(Math.abs((wasm.values[i] as number) - v) / scale).toBeLessThan(1e-5);
    });
    expect(wasm.values).not.toEqual(
      Array.from(Float32Array.from({ length: 257 }, (_, i) => Math.sin(i) * 2)),
    );
    await tf.setBackend('cpu');
  });
});
