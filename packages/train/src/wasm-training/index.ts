import '@tensorflow/tfjs-backend-wasm';
import {
  getKernel,
  type KernelConfig,
  type KernelFunc,
  registerKernel,
  unregisterKernel,
} from '@tensorflow/tfjs-core';
import { conv2dBackpropFilterConfig } from './conv2d-backprop-filter.js';
import { conv2dBackpropInputConfig } from './conv2d-backprop-input.js';
import { makeMeanKernel, makeSumKernel, makeTileKernel } from './fast-tile-and-reductions.js';

export { WasmTrainingError } from './wasm-training-error.js';

/**
 * Kernels that make the stock `wasm` backend train: ones it lacks (Conv2DBackpropFilter) and ones it
 * has only as slow scalar loops (Conv2DBackpropInput, which is also conv2dTranspose's forward pass).
 */
export const wasmTrainingKernelConfigs: readonly KernelConfig[] = [
  conv2dBackpropFilterConfig,
  conv2dBackpropInputConfig,
];

/** Names of the kernels registerWasmTrainingKernels() provides on the 'wasm' backend. */
export const wasmTrainingKernelNames: readonly string[] = wasmTrainingKernelConfigs.map((c) => c.kernelName);

/**
 * Registers the training kernels on the 'wasm' backend, replacing stock ones of the same name.
 * Idempotent: a kernel already pointing at our implementation is left alone, so calling it again
 * (from several modules, or per training run) neither warns nor re-registers.
 */
export function registerWasmTrainingKernels(): void {
  for (const config of wasmTrainingKernelConfigs) {
    const current = getKernel(config.kernelName, 'wasm');
    if (current?.kernelFunc === config.kernelFunc) continue;
    if (current !== undefined) unregisterKernel(config.kernelName, 'wasm');
    registerKernel(config);
  }
}

/** True when every training kernel of ours is the one registered on 'wasm'. */
export function wasmTrainingKernelsRegistered(): boolean {
  return wasmTrainingKernelConfigs.every((c) => getKernel(c.kernelName, 'wasm')?.kernelFunc === c.kernelFunc);
}

export { listMissingWasmKernels } from './missing-kernels.js';
export { setWasmBackendWithThreads, type WasmThreadsOptions } from './node-threads.js';
