import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { describe, expect, it } from 'vitest';
import {
  relativeDifference,
  runOn,
  seededValues,
  setUpTestWebgpu,
  skipNote,
} from './__fixtures__/software-webgpu';
import { probeWebgpu } from './index';

const probe = await setUpTestWebgpu();

/** conv2d (stride 2) -> batch-norm with batch statistics -> leaky ReLU -> conv2dTranspose -> tanh. */
function convGraphParams() {
  return {
    x: tf.tensor4d(seededValues(2 * 8 * 8 * 3, 1), [2, 8, 8, 3]),
    target: tf.tensor4d(seededValues(2 * 8 * 8 * 2, 2, 0.5), [2, 8, 8, 2]),
    w1: tf.variable(tf.tensor4d(seededValues(3 * 3 * 3 * 4, 3, 0.3), [3, 3, 3, 4])),
    gamma: tf.variable(tf.add(tf.tensor1d(seededValues(4, 4, 0.2)), 1)),
    beta: tf.variable(tf.tensor1d(seededValues(4, 5, 0.1))),
    w2: tf.variable(tf.tensor4d(seededValues(4 * 4 * 2 * 4, 6, 0.3), [4, 4, 2, 4])),
  };
}

function convGraphLossAndGradients(): tf.Tensor[] {
  const p = convGraphParams();
  const { value, grads } = tf.variableGrads(() => {
    const h = tf.conv2d(p.x, p.w1, 2, 'same');
    const { mean, variance } = tf.moments(h, [0, 1, 2]);
    const normalized = tf.batchNorm(h, mean, variance, p.beta, p.gamma, 1e-5);
    const activated = tf.leakyRelu(normalized, 0.2) as tf.Tensor4D;
    const y = tf.tanh(tf.conv2dTranspose(activated, p.w2, [2, 8, 8, 2], 2, 'same'));
    return tf.mean(tf.squaredDifference(y, p.target)) as tf.Scalar;
  }, [p.w1, p.gamma, p.beta, p.w2]);
  const out = [value, ...[p.w1, p.gamma, p.beta, p.w2].map((v) => grads[v.name]!)];
  tf.dispose([p.x, p.target, p.w1, p.gamma, p.beta, p.w2]);
  return out;
}

describe.skipIf(!probe.available)(`webgpu backend ${skipNote(probe)}`, () => {
  it('names the adapter and refuses it for `auto` when it is software', async () => {
    expect(probe.adapter?.description).not.toBe('');
    if (probe.adapter?.isSoftware) {
      const strict = await probeWebgpu();
      expect(strict.available).toBe(false);
      expect(strict.error?.name).toBe('WebgpuSoftwareAdapterError');
    }
  });

  it('computes conv2d + conv2dTranspose + batchnorm gradients equal to cpu within 1e-4 relative', async () => {
    const cpu = await runOn('cpu', convGraphLossAndGradients);
    const gpu = await runOn('webgpu', convGraphLossAndGradients);
    expect(tf.getBackend()).toBe('webgpu');
    const names = ['loss', 'w1', 'gamma', 'beta', 'w2'];
    const differences = Object.fromEntries(
      names.map((name, i) => [name, relativeDifference(gpu[i]!, cpu[i]!)]),
    );
    for (const name of names) expect(differences[name], name).toBeLessThan(1e-4);
    // The gradients are not trivially zero, so the comparison means something.
    expect(Math.max(...cpu[1]!.map(Math.abs))).toBeGreaterThan(1e-3);
  });

  it('grows neither tensors nor GPU buffers across training steps', async () => {
    await tf.setBackend('webgpu');
    const p = convGraphParams();
    const optimizer = tf.train.adam(3e-4, 0, 0.9);
    const step = async () => {
      const loss = optimizer.minimize(() => {
        const h = tf.leakyRelu(tf.conv2d(p.x, p.w1, 2, 'same'), 0.2);
        const y = tf.conv2dTranspose(h, p.w2, [2, 8, 8, 2], 2, 'same');
        return tf.mean(tf.squaredDifference(y, p.target)) as tf.Scalar;
      }, true)!;
      const value = (await loss.data())[0]!;
      loss.dispose();
      return value;
    };
    const losses = [await step(), await step()];
    const after = tf.memory() as tf.MemoryInfo & { numBytesInGPU: number; numBytesAllocatedInGPU: number };
    for (let i = 0; i < 3; i++) losses.push(await step());
    const later = tf.memory() as typeof after;
    expect(later.numTensors).toBe(after.numTensors);
    expect(later.numBytesInGPU).toBe(after.numBytesInGPU);
    expect(later.numBytesAllocatedInGPU).toBeLessThanOrEqual(after.numBytesAllocatedInGPU);
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(losses.at(-1)!).toBeLessThan(losses[0]!);
    optimizer.dispose();
    tf.dispose([p.x, p.target, p.w1, p.gamma, p.beta, p.w2]);
  });
});
