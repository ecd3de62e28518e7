import { IfaError } from '@ifa/core';
import type { WebgpuAdapterSummary } from '../adapter-info';
import { WebgpuError } from './webgpu-error';

/**
 * The only adapter is a CPU emulation of a GPU (SwiftShader, lavapipe, WARP). It computes correct results
 * but far slower than the `cpu`/`wasm` backends, so it is refused unless asked for.
 */
export class WebgpuSoftwareAdapterError extends WebgpuError {
  static override readonly code = 'IFA_WEBGPU_SOFTWARE_ADAPTER';
  override readonly name = 'WebgpuSoftwareAdapterError';

  constructor(readonly adapter: WebgpuAdapterSummary) {
    super(
      `the only WebGPU adapter is a software renderer (${adapter.label})`,
      'It is a correctness target, not a speed path: install a hardware GPU driver, or ask for it by name ' +
        'to use it anyway (`--backend webgpu` on the command line, `allowSoftware: true` in code).',
      { code: WebgpuSoftwareAdapterError.code },
    );
  }

  static override isInstance(error: unknown): error is WebgpuSoftwareAdapterError {
    return IfaError.hasCode(error, WebgpuSoftwareAdapterError.code);
  }
}
