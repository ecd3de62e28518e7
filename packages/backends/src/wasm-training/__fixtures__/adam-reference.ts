import * as tf from '@tensorflow/tfjs-core';
import { ADAM_UPDATE_KERNEL } from '../../adam-update/index.js';
import { lcg } from '../test-random.js';

/** The fused Adam update of `adam-update-kernel.ts`, written out once for the tests: float64, as JavaScript computes it. */
export function adamReference(
  x: Float32Array,
  g: Float32Array,
  m: Float32Array,
  v: Float32Array,
  attrs: { beta1: number; beta2: number; epsilon: number; stepSize: number },
): { x1: Float32Array; m1: Float32Array; v1: Float32Array } {
  const n = x.length;
  const [x1, m1, v1] = [new Float32Array(n), new Float32Array(n), new Float32Array(n)];
  const keep1 = 1 - attrs.beta1;
  const keep2 = 1 - attrs.beta2;
  for (let i = 0; i < n; i++) {
    const gi = g[i] as number;
    const mi = attrs.beta1 * (m[i] as number) + keep1 * gi;
    const vi = attrs.beta2 * (v[i] as number) + keep2 * gi * gi;
    m1[i] = mi;
    v1[i] = vi;
    x1[i] = (x[i] as number) - (attrs.stepSize * mi) / (Math.sqrt(vi) + attrs.epsilon);
  }
  return { x1, m1, v1 };
}

/**
 * The registered `IfaAdamUpdate` kernel on the current backend (wasm in the tests) for `n` random elements,
 * compared with `adamReference` to the bit.
 */
export function fusedAdamOnWasm(n: number): boolean {
  const rand = lcg(n + 101);
  const values = () => Float32Array.from({ length: n }, () => (rand() - 0.5) * 10 ** (4 * rand() - 2));
  const [x, g, m] = [values(), values(), values()];
  const v = values().map(Math.abs);
  const attrs = { beta1: 0.9, beta2: 0.999, epsilon: 1e-7, stepSize: 1e-3 };
  const inputs = [x, g, m, v].map((a) => tf.tensor1d(a));
  const outputs = tf.engine().runKernel(
    ADAM_UPDATE_KERNEL,
    { variable: inputs[0], gradient: inputs[1], firstMoment: inputs[2], secondMoment: inputs[3] } as tf.NamedTensorMap,
    attrs,
  ) as unknown as tf.Tensor[];
  const { x1, m1, v1 } = adamReference(x, g, m, v, attrs);
  const same = (t: tf.Tensor | undefined, expected: Float32Array) =>
    t !== undefined && (t.dataSync() as Float32Array).every((value, i) => Object.is(value, expected[i]));
  const ok = same(outputs[0], x1) && same(outputs[1], m1) && same(outputs[2], v1);
  tf.dispose([...inputs, ...outputs]);
  return ok;
}
