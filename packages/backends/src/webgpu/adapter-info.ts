/**
 * The subset of WebGPU's `GPUAdapterInfo` we read. Declared here (not taken from `@webgpu/types`) so the
 * public types of @ifa/train do not require the optional packages to be installed.
 */
export interface GpuAdapterInfoLike {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  /** Newer spec and Dawn: true for CPU fallback adapters such as SwiftShader. */
  isFallbackAdapter?: boolean;
}

/** What `ifa info` and the backend selection show about an adapter. */
export interface WebgpuAdapterSummary {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** A CPU emulation of a GPU: SwiftShader, lavapipe/llvmpipe, WARP. */
  isSoftware: boolean;
  /** `vendor architecture (description)`, for messages. */
  label: string;
}

/**
 * Names software rasterisers report through Vulkan/D3D12. Dawn marks SwiftShader as a fallback adapter,
 * but lavapipe and WARP are exposed as ordinary adapters by some builds, so we also match their names.
 */
const SOFTWARE_ADAPTER_PATTERN = /swiftshader|lavapipe|llvmpipe|softpipe|\bwarp\b|microsoft basic render/i;

/** True for the name of a CPU rasteriser (SwiftShader, lavapipe/llvmpipe, WARP), GPU adapter or WebGL renderer. */
export function isSoftwareRendererName(name: string): boolean {
  return SOFTWARE_ADAPTER_PATTERN.test(name);
}

export function summarizeAdapterInfo(info: GpuAdapterInfoLike | undefined): WebgpuAdapterSummary {
  const vendor = info?.vendor ?? '';
  const architecture = info?.architecture ?? '';
  const device = info?.device ?? '';
  const description = info?.description ?? '';
  const isSoftware =
    info?.isFallbackAdapter === true ||
    [vendor, architecture, device, description].some(isSoftwareRendererName);
  const name = [vendor, architecture].filter((part) => part !== '').join(' ') || 'unknown adapter';
  const label = description !== '' ? `${name} (${description})` : name;
  return { vendor, architecture, device, description, isSoftware, label };
}
