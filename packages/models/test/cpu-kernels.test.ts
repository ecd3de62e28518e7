import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { useFastCpuConvolutionGradients } from '../src';
import { maxAbsDiff } from './helpers';
import { useCpuBackend } from './setup-backend';

beforeAll(useCpuBackend);

let restore: (() => void) | null = null;
afterEach(() => {
  restore?.();
  restore = null;
});

type Pad = 'valid' | 'same' | number;
type Shape4 = [number, number, number, number];
const cases: Array<[string, Shape4, Shape4, number, Pad]> = [
  // [label, x shape NHWC, filter shape, stride, pad]
  ['3x3 s1 same', [2, 9, 9, 3], [3, 3, 3, 4], 1, 'same'],
  ['3x3 s2 same (asymmetric pad)', [2, 10, 10, 2], [3, 3, 2, 5], 2, 'same'],
  ['2x2 s2 valid', [3, 15, 15, 4], [2, 2, 4, 3], 2, 'valid'],
  ['4x4 s2 pad 1', [1, 7, 7, 3], [4, 4, 3, 2], 2, 1],
  ['1x1 s1', [2, 5, 5, 6], [1, 1, 6, 2], 1, 'valid'],
];

function filterGradients(x: tf.Tensor4D, filter: tf.Tensor4D, stride: number, pad: Pad) {
  return tf.tidy(() => {
    const conv = tf.grads((xx: tf.Tensor, ff: tf.Tensor) =>
      tf.sum(tf.square(tf.conv2d(xx as tf.Tensor4D, ff as tf.Tensor4D, stride, pad))),
    )([x, filter])[1]!;
    // Transposed conv with the same filter: its filter gradient also runs Conv2DBackpropFilter.
    const y = tf.conv2d(x, filter, stride, pad);
    const transposed = tf.grad((ff: tf.Tensor) =>
      tf.sum(tf.square(tf.conv2dTranspose(y, ff as tf.Tensor4D, x.shape, stride, pad))),
    )(filter);
    return [conv, transposed];
  });
}

describe('useFastCpuConvolutionGradients', () => {
  it.each(cases)(
    '%s: same filter gradients as the stock cpu kernel',
    (_label, xShape, fShape, stride, pad) => {
      const x = tf.randomNormal(xShape, 0, 1, 'float32', 1) as tf.Tensor4D;
      const filter = tf.randomNormal(fShape, 0, 1, 'float32', 2) as tf.Tensor4D;
      const stock = filterGradients(x, filter, stride, pad);
      restore = useFastCpuConvolutionGradients();
      const fast = filterGradients(x, filter, stride, pad);
      stock.forEach((s, i) => {
        const scale = tf.tidy(() => tf.max(tf.abs(s)).dataSync()[0]!);
        expect(scale).toBeGreaterThan(0);
        expect(maxAbsDiff(s, fast[i]!) / scale).toBeLessThan(1e-5);
      });
      tf.dispose([x, filter, ...stock, ...fast]);
    },
  );

  it('restore puts the stock kernel back', () => {
    const stock = tf.getKernel('Conv2DBackpropFilter', 'cpu');
    const undo = useFastCpuConvolutionGradients();
    expect(tf.getKernel('Conv2DBackpropFilter', 'cpu')).not.toBe(stock);
    undo();
    expect(tf.getKernel('Conv2DBackpropFilter', 'cpu')).toBe(stock);
  });
});
