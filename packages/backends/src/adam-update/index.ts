import {
  add,
  div,
  engine,
  getBackend,
  getKernel,
  mul,
  type NamedAttrMap,
  sqrt,
  square,
  sub,
  type Tensor,
  tidy,
  type Variable,
} from '@tensorflow/tfjs-core';

/** Name of the fused Adam kernel; `registerWasmTrainingKernels()` registers it on 'wasm'. */
export const ADAM_UPDATE_KERNEL = 'IfaAdamUpdate';

export interface AdamUpdateAttrs extends NamedAttrMap {
  beta1: number;
  beta2: number;
  epsilon: number;
  /** The bias-corrected learning rate of this step: lr * sqrt(1 - beta2^t) / (1 - beta1^t). */
  stepSize: number;
}

/**
 * One Adam step for one variable in a single kernel call:
 * m' = b1 m + (1 - b1) g, v' = b2 v + (1 - b2) g^2, x' = x - stepSize m' / (sqrt(v') + eps).
 * The same update as a chain of tfjs ops is 12 kernel calls and as many passes over memory per variable;
 * for the CGAN's 15 M parameters, or the small models' many small variables, that chain is a visible share
 * of a step. Returns [x', m', v'], or null when the current backend has no such kernel (the caller then
 * runs the op chain).
 */
export function fusedAdamUpdate(
  variable: Tensor,
  gradient: Tensor,
  firstMoment: Tensor,
  secondMoment: Tensor,
  attrs: AdamUpdateAttrs,
): [Tensor, Tensor, Tensor] | null {
  if (getKernel(ADAM_UPDATE_KERNEL, getBackend()) === undefined) return null;
  return engine().runKernel(
    ADAM_UPDATE_KERNEL,
    { variable, gradient, firstMoment, secondMoment },
    attrs,
  ) as unknown as [Tensor, Tensor, Tensor];
}

/**
 * Applies one Adam step to `variable` and its moments in place: the fused kernel where the current backend
 * has one, else the same update as a chain of ops. Leaves no tensors behind.
 */
export function applyAdamUpdate(
  variable: Variable,
  gradient: Tensor,
  firstMoment: Variable,
  secondMoment: Variable,
  attrs: AdamUpdateAttrs,
): void {
  tidy(() => {
    const fused = fusedAdamUpdate(variable, gradient, firstMoment, secondMoment, attrs);
    if (fused !== null) {
      firstMoment.assign(fused[1]);
      secondMoment.assign(fused[2]);
      variable.assign(fused[0]);
      return;
    }
    const { beta1, beta2, epsilon, stepSize } = attrs;
    const m = add(mul(firstMoment, beta1), mul(gradient, 1 - beta1));
    const v = add(mul(secondMoment, beta2), mul(square(gradient), 1 - beta2));
    firstMoment.assign(m);
    secondMoment.assign(v);
    variable.assign(sub(variable, mul(div(m, add(sqrt(v), epsilon)), stepSize)));
  });
}
