import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { ADAM_UPDATE_KERNEL, type AdamUpdateAttrs } from '../adam-update/index.js';
import { address, heapKernels } from './heap-kernels.js';
import { WasmTrainingError } from './wasm-training-error.js';

/** The fused Adam update (see `fusedAdamUpdate`) as one pass over the wasm heap, in float64 arithmetic. */
function adamUpdateWasm(args: {
  inputs: Record<string, TensorInfo>;
  backend: BackendWasm;
  attrs: AdamUpdateAttrs;
}): TensorInfo[] {
  const { inputs, backend, attrs } = args;
  const { variable, gradient, firstMoment, secondMoment } = inputs as Record<string, TensorInfo>;
  const all = [variable, gradient, firstMoment, secondMoment] as TensorInfo[];
  const size = all[0]?.shape.reduce((a, b) => a * b, 1) ?? 0;
  for (const t of all) {
    if (t.dtype !== 'float32' || t.shape.reduce((a, b) => a * b, 1) !== size) {
      throw new WasmTrainingError(
        `${ADAM_UPDATE_KERNEL} needs four float32 tensors of one size; got ${all.map((x) => `${x.dtype}[${x.shape}]`).join(', ')}.`,
      );
    }
  }
  const shape = (variable as TensorInfo).shape;
  const outVariable = backend.makeOutput(shape, 'float32');
  const outFirst = backend.makeOutput(shape, 'float32');
  const outSecond = backend.makeOutput(shape, 'float32');
  const { beta1, beta2, epsilon, stepSize } = attrs;
  const keep1 = 1 - beta1;
  const keep2 = 1 - beta2;
  const kernels = heapKernels(backend);
  if (kernels !== null) {
    const at = (t: TensorInfo) => address(backend, t);
    kernels.adam(
      ...((
        [variable, gradient, firstMoment, secondMoment, outVariable, outFirst, outSecond] as TensorInfo[]
      ).map(at) as [number, number, number, number, number, number, number]),
      size,
      beta1,
      beta2,
      keep1,
      keep2,
      epsilon,
      stepSize,
    );
    return [outVariable, outFirst, outSecond];
  }
  // Views are taken after makeOutput because allocating may grow (and detach) the wasm heap.
  const x = backend.typedArrayFromHeap(variable as TensorInfo) as Float32Array;
  const g = backend.typedArrayFromHeap(gradient as TensorInfo) as Float32Array;
  const m = backend.typedArrayFromHeap(firstMoment as TensorInfo) as Float32Array;
  const v = backend.typedArrayFromHeap(secondMoment as TensorInfo) as Float32Array;
  const x1 = backend.typedArrayFromHeap(outVariable) as Float32Array;
  const m1 = backend.typedArrayFromHeap(outFirst) as Float32Array;
  const v1 = backend.typedArrayFromHeap(outSecond) as Float32Array;
  for (let i = 0; i < size; i++) {
    const gi = g[i] as number;
    const mi = beta1 * (m[i] as number) + keep1 * gi;
    const vi = beta2 * (v[i] as number) + keep2 * gi * gi;
    m1[i] = mi;
    v1[i] = vi;
    x1[i] = (x[i] as number) - (stepSize * mi) / (Math.sqrt(vi) + epsilon);
  }
  return [outVariable, outFirst, outSecond];
}

export const adamUpdateConfig: KernelConfig = {
  kernelName: ADAM_UPDATE_KERNEL,
  backendName: 'wasm',
  kernelFunc: adamUpdateWasm as unknown as KernelFunc,
};
