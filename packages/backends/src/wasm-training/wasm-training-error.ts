/** Base error of the wasm training kernels; its `name` is stable so callers can branch on it. */
export class WasmTrainingError extends Error {
  override readonly name: string = 'WasmTrainingError';
}
