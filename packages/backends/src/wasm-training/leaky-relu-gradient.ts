import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { GradConfig, KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { address, heapKernels } from './heap-kernels.js';

/** Our kernel for LeakyReLU's gradient, registered on 'wasm' only. */
export const LEAKY_RELU_GRAD_KERNEL = 'IfaLeakyReluGrad';

/**
 * LeakyReLU's gradient in one kernel where the backend has it. tfjs's own is `where(greater(x, 0), dy,
 * mul(dy, alpha))`: a boolean mask, a product and a select, three passes and two full-size temporaries;
 * with the seven LeakyReLUs of a VAE-GAN step that was about 15 ms (`Greater` alone 8). The kernel makes
 * the same float32 product and the same choice, so the gradient is equal to the bit (the tests check
 * that); other backends keep the op chain. Gradients are global: registerWasmTrainingKernels() installs it
 * with Mean's, at training time.
 */
export const leakyReluGradConfig: GradConfig = {
  kernelName: tf.LeakyRelu,
  inputsToSave: ['x'],
  gradFunc: (dy, saved, attrs: NamedAttrMap) => {
    const x = saved[0] as tf.Tensor;
    const alpha = attrs.alpha as number;
    return { x: () => leakyReluBackward(dy as tf.Tensor, x, alpha) };
  },
};

/** dy * (x > 0 ? 1 : alpha): our kernel where the current backend has it, else tfjs's op chain. */
function leakyReluBackward(dy: tf.Tensor, x: tf.Tensor, alpha: number): tf.Tensor {
  const ours =
    tf.getKernel(LEAKY_RELU_GRAD_KERNEL, tf.getBackend()) !== undefined &&
    x.dtype === 'float32' &&
    dy.dtype === 'float32';
  return ours
    ? (tf.engine().runKernel(LEAKY_RELU_GRAD_KERNEL, { dy, x }, { alpha }) as tf.Tensor)
    : tf.where(tf.greater(x, 0), dy, tf.mul(dy, alpha));
}

/**
 * The kernel's own gradient, for second-order gradients (the WGAN-GP's gradient penalty differentiates
 * its critic's input gradient): linear in dy with the same mask, and flat in x, as the op chain's is.
 */
export const leakyReluGradGradConfig: GradConfig = {
  kernelName: LEAKY_RELU_GRAD_KERNEL,
  inputsToSave: ['x'],
  gradFunc: (g, saved, attrs: NamedAttrMap) => {
    const x = saved[0] as tf.Tensor;
    return {
      dy: () => leakyReluBackward(g as tf.Tensor, x, attrs.alpha as number),
      x: () => tf.zerosLike(x),
    };
  },
};

function leakyReluGradWasm(args: {
  inputs: { dy: TensorInfo; x: TensorInfo };
  backend: BackendWasm;
  attrs: { alpha: number };
}): TensorInfo {
  const { inputs, backend, attrs } = args;
  const { dy, x } = inputs;
  const n = tf.util.sizeFromShape(x.shape);
  // tfjs multiplies by alpha as a float32 scalar tensor.
  const alpha = Math.fround(attrs.alpha);
  const dx = backend.makeOutput(x.shape, 'float32');
  const kernels = heapKernels(backend);
  if (kernels !== null) {
    kernels.leakyReluGrad(address(backend, dx), address(backend, dy), address(backend, x), n, alpha);
    return dx;
  }
  // Views are taken after makeOutput because allocating may grow (and detach) the wasm heap.
  const out = backend.typedArrayFromHeap(dx) as Float32Array;
  const gradient = backend.typedArrayFromHeap(dy) as Float32Array;
  const input = backend.typedArrayFromHeap(x) as Float32Array;
  // The product of two float32s is exact in float64, so storing it rounds once, as float32 arithmetic does.
  for (let i = 0; i < n; i++) {
    const d = gradient[i] as number;
    out[i] = (input[i] as number) > 0 ? d : d * alpha;
  }
  return dx;
}

export const leakyReluGradKernelConfig: KernelConfig = {
  kernelName: LEAKY_RELU_GRAD_KERNEL,
  backendName: 'wasm',
  kernelFunc: leakyReluGradWasm as unknown as KernelFunc,
};
