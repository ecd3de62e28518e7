import { registerWasmTrainingKernels, wasmTrainingKernelNames } from '../wasm-training/index.js';

export { setWasmBackendWithThreads } from '../wasm-training/index.js';

/**
 * Registers the training-capable kernels of `../wasm-training` (issue #7) on the wasm backend and
 * returns a short description for logs, or null when registration failed (selection then reports stock
 * wasm, which cannot train).
 */
export async function loadWasmTrainingKernels(): Promise<string | null> {
  try {
    registerWasmTrainingKernels();
    return `@ifa training kernels (${wasmTrainingKernelNames.join(', ')})`;
  } catch {
    return null;
  }
}
