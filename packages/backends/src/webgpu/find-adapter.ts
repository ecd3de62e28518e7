import { summarizeAdapterInfo, type WebgpuAdapterSummary } from './adapter-info';
import { loadDawnGpu, nativeNavigatorGpu } from './dawn-gpu';
import { WebgpuAdapterUnavailableError } from './errors/webgpu-adapter-unavailable-error';
import { WebgpuSoftwareAdapterError } from './errors/webgpu-software-adapter-error';
import {
  type DawnModule,
  defaultWebgpuLoaders,
  type GpuAdapterLike,
  type GpuLike,
  loadOptional,
  type TfjsWebgpuModule,
} from './loaders';
import type { ResolvedWebgpuOptions } from './options';

export interface FoundAdapter {
  /** Present when Dawn provides WebGPU; absent when the runtime has its own `navigator.gpu`. */
  dawn?: DawnModule;
  gpu: GpuLike;
  adapter: GpuAdapterLike;
  summary: WebgpuAdapterSummary;
  tfjsWebgpu: TfjsWebgpuModule;
}

/**
 * Loads both optional packages and asks for an adapter, throwing a typed error for every way this can
 * fail: package missing or broken, no adapter, or only a software adapter when that was not allowed.
 */
export async function findAdapter(options: ResolvedWebgpuOptions): Promise<FoundAdapter> {
  const injectedDawn = options.loaders.dawn;
  const native = injectedDawn === undefined ? nativeNavigatorGpu() : undefined;
  const { dawn, gpu } =
    native !== undefined
      ? { dawn: undefined, gpu: native }
      : await loadDawnGpu(injectedDawn ?? defaultWebgpuLoaders.dawn, options.dawnFlags);
  const tfjsWebgpu = await loadOptional(
    '@tensorflow/tfjs-backend-webgpu',
    options.loaders.tfjsWebgpu ?? defaultWebgpuLoaders.tfjsWebgpu,
  );

  let adapter: GpuAdapterLike | null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: options.powerPreference });
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new WebgpuAdapterUnavailableError(`requestAdapter failed (${detail})`, { cause: error });
  }
  if (adapter === null || adapter === undefined) {
    throw new WebgpuAdapterUnavailableError('Dawn found no Vulkan, Metal or Direct3D 12 adapter it accepts');
  }
  const summary = summarizeAdapterInfo(adapter.info);
  if (summary.isSoftware && !options.allowSoftware) throw new WebgpuSoftwareAdapterError(summary);
  return { dawn, gpu, adapter, summary, tfjsWebgpu };
}
