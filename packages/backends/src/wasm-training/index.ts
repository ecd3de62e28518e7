import '@tensorflow/tfjs-backend-wasm';
import {
  getGradient,
  getKernel,
  type KernelConfig,
  type KernelFunc,
  registerGradient,
  registerKernel,
  unregisterKernel,
} from '@tensorflow/tfjs-core';
import { adamUpdateConfig } from './adam-update-kernel.js';
import { conv2dBackpropFilterConfig } from './conv2d-backprop-filter.js';
import { conv2dBackpropInputConfig } from './conv2d-backprop-input.js';
import { makeBatchMatMulKernel } from './fast-batch-matmul.js';
import { makeConcatKernel } from './fast-concat.js';
import { makeSliceKernel } from './fast-slice.js';
import { makeSplitKernel } from './fast-split.js';
import { makeMeanKernel, makeSumKernel, makeTileKernel } from './fast-tile-and-reductions.js';
import { makeFullyConnectedConvKernel } from './fully-connected-conv.js';
import {
  leakyReluGradConfig,
  leakyReluGradGradConfig,
  leakyReluGradKernelConfig,
} from './leaky-relu-gradient.js';
import { leanMeanGradConfig } from './lean-mean-gradient.js';
import { makeIdentityKernel } from './shared-identity.js';

export { listMissingWasmKernels } from './missing-kernels.js';
export { setWasmBackendWithThreads, type WasmThreadsOptions } from './node-threads.js';
export { WasmTrainingError } from './wasm-training-error.js';

/**
 * Kernels that make the stock `wasm` backend train: ones it lacks (Conv2DBackpropFilter) and ones it
 * has only as slow scalar loops (Conv2DBackpropInput, which is also conv2dTranspose's forward pass).
 */
const standaloneKernels: readonly KernelConfig[] = [
  conv2dBackpropFilterConfig,
  conv2dBackpropInputConfig,
  adamUpdateConfig,
  leakyReluGradKernelConfig,
];

/** Faster versions of stock kernels for the layouts training produces; they fall back to the stock kernel. */
const wrappingKernels: ReadonlyArray<{ kernelName: string; make: (stock: KernelFunc) => KernelFunc }> = [
  { kernelName: 'Tile', make: makeTileKernel },
  { kernelName: 'Sum', make: makeSumKernel },
  { kernelName: 'Mean', make: makeMeanKernel },
  { kernelName: 'Concat', make: makeConcatKernel },
  { kernelName: 'Slice', make: makeSliceKernel },
  { kernelName: 'SplitV', make: makeSplitKernel },
  { kernelName: 'BatchMatMul', make: makeBatchMatMulKernel },
  { kernelName: 'Identity', make: makeIdentityKernel },
  { kernelName: 'Conv2D', make: makeFullyConnectedConvKernel },
  { kernelName: 'FusedConv2D', make: makeFullyConnectedConvKernel },
];

/** Names of the kernels registerWasmTrainingKernels() provides on the 'wasm' backend. */
export const wasmTrainingKernelNames: readonly string[] = [
  ...standaloneKernels.map((c) => c.kernelName),
  ...wrappingKernels.map((k) => k.kernelName),
];

// Marks our kernel functions, so registration tells them from stock ones without module state.
const OURS = Symbol.for('@ifa/train/wasm-training');
type Marked = KernelFunc & { [OURS]?: true };

function isOurs(kernelName: string): boolean {
  return (getKernel(kernelName, 'wasm')?.kernelFunc as Marked | undefined)?.[OURS] === true;
}

function install(kernelName: string, kernelFunc: KernelFunc, setupFunc?: KernelConfig['setupFunc']): void {
  const marked: Marked = (args) => kernelFunc(args);
  marked[OURS] = true;
  if (getKernel(kernelName, 'wasm') !== undefined) unregisterKernel(kernelName, 'wasm');
  // A wrapped stock kernel keeps its setupFunc: the engine runs it when the backend initialises, and the
  // stock kernel (our fallback) needs it to bind its wasm function.
  registerKernel({
    kernelName,
    backendName: 'wasm',
    kernelFunc: marked,
    ...(setupFunc ? { setupFunc } : {}),
  });
}

/**
 * Registers the training kernels on the 'wasm' backend, replacing stock ones of the same name, and two
 * gradients: Mean's lean one (`lean-mean-gradient.ts`) and LeakyReLU's (`leaky-relu-gradient.ts`, our
 * kernel on wasm, tfjs's op chain elsewhere). Gradients are global, so every backend gets them, with the
 * same floats. Idempotent: a kernel that is already ours is left alone, so calling it again (from several
 * modules, or once per training run) neither warns nor wraps twice.
 *
 * The gradient is registered here, at training time, not on import: tfjs-layers' Node bundle registers
 * all of tfjs's gradients again when it is loaded, and would replace one registered earlier.
 */
export function registerWasmTrainingKernels(): void {
  for (const gradient of [leanMeanGradConfig, leakyReluGradConfig, leakyReluGradGradConfig]) {
    if (getGradient(gradient.kernelName) !== gradient) registerGradient(gradient);
  }
  for (const config of standaloneKernels) {
    if (!isOurs(config.kernelName)) install(config.kernelName, config.kernelFunc);
  }
  for (const { kernelName, make } of wrappingKernels) {
    if (isOurs(kernelName)) continue;
    const stock = getKernel(kernelName, 'wasm');
    if (stock !== undefined) install(kernelName, make(stock.kernelFunc), stock.setupFunc);
  }
}

/** True when every training kernel of ours is the one registered on 'wasm'. */
export function wasmTrainingKernelsRegistered(): boolean {
  return wasmTrainingKernelNames.every(isOurs);
}
