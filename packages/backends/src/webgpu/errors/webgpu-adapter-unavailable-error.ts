import { IfaError } from '@ifa/core';
import { isNodeRuntime } from '../../runtime';
import { WebgpuError } from './webgpu-error';

const DRIVER_HINTS: Record<string, string> = {
  linux:
    'Dawn needs the Vulkan loader (`apt-get install libvulkan1`) and a Vulkan driver for your GPU ' +
    '(NVIDIA proprietary driver, or Mesa RADV/ANV via `mesa-vulkan-drivers` for AMD/Intel); check with `vulkaninfo --summary`.',
  darwin:
    'Dawn uses Metal, present on every Mac since 2012; make sure the process is not sandboxed away from the GPU.',
  win32: 'Dawn uses Direct3D 12 (Windows 10+); update the GPU driver.',
  browser:
    "The browser's WebGPU needs hardware acceleration turned on and a GPU driver it supports; " +
    'otherwise it offers no adapter.',
};

/** Dawn loaded but found no usable GPU adapter (no driver, or the driver was rejected). */
export class WebgpuAdapterUnavailableError extends WebgpuError {
  static override readonly code = 'IFA_WEBGPU_ADAPTER_UNAVAILABLE';
  override readonly name = 'WebgpuAdapterUnavailableError';

  constructor(detail: string, options?: { cause?: unknown; platform?: string }) {
    // A browser has no `process`; its hint is about the browser's own WebGPU, not about Dawn.
    const platform = options?.platform ?? (isNodeRuntime() ? process.platform : 'browser');
    super(
      `no WebGPU adapter: ${detail}`,
      `${DRIVER_HINTS[platform] ?? 'Install a Vulkan, Metal or Direct3D 12 driver.'} ` +
        'Or choose another backend (--backend wasm).',
      { ...options, code: WebgpuAdapterUnavailableError.code },
    );
  }

  static override isInstance(error: unknown): error is WebgpuAdapterUnavailableError {
    return IfaError.hasCode(error, WebgpuAdapterUnavailableError.code);
  }
}
