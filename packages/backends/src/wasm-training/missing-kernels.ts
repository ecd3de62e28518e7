import { getBackend, getKernel, profile, type TensorContainer } from '@tensorflow/tfjs-core';

/**
 * Runs `step` on the current (reference) backend under tf.profile and returns, sorted, the names of
 * the kernels it executed — forward and backward — that have no 'wasm' implementation registered.
 * Run it on 'cpu' with a real training step to find what wasm still lacks.
 */
export async function listMissingWasmKernels(
  step: () => TensorContainer | Promise<TensorContainer>,
): Promise<string[]> {
  const reference = getBackend();
  const info = await profile(step);
  // kernelNames also lists op scopes such as 'fusedConv2d__op'; only real kernels matter here.
  const used = new Set(info.kernelNames.filter((name) => getKernel(name, reference) !== undefined));
  return [...used].filter((name) => getKernel(name, 'wasm') === undefined).sort();
}
