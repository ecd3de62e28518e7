import { IfaError } from '@ifa/core';

/** The wasm training kernels met an input they cannot handle; the message names the kernel and shape. */
export class WasmTrainingError extends IfaError {
  static readonly code = 'IFA_WASM_TRAINING';
  override readonly name: string = 'WasmTrainingError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(WasmTrainingError.code, message, options);
  }

  static override isInstance(error: unknown): error is WasmTrainingError {
    return IfaError.hasCode(error, WasmTrainingError.code);
  }
}
