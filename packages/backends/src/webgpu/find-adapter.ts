import { isNodeRuntime } from '../runtime';
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
import { ensureRuntimeDir, preflightDawnAdapter } from './preflight';

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
  if (native === undefined && injectedDawn === undefined && !isNodeRuntime()) {
    // Dawn is a Node addon: in a browser the only WebGPU is the browser's own.
    throw new WebgpuAdapterUnavailableError('this browser offers no WebGPU (navigator.gpu is missing)');
  }
  // Both packages are imported first (which prints nothing), so a missing one is reported as before.
  const dawnModule =
    native === undefined
      ? await loadOptional('webgpu', injectedDawn ?? defaultWebgpuLoaders.dawn)
      : undefined;
  const tfjsWebgpu = await loadOptional(
    '@tensorflow/tfjs-backend-webgpu',
    options.loaders.tfjsWebgpu ?? defaultWebgpuLoaders.tfjsWebgpu,
  );
  const { dawn, gpu } =
    dawnModule === undefined
      ? { dawn: undefined, gpu: native! }
      : await loadDawnGpu(
          async () => dawnModule,
          options.dawnFlags,
          // The real Dawn: ask a child process first, so a machine without a usable GPU never starts
          // Dawn (and its stderr chatter) here. Injected fakes are used as they are.
          injectedDawn === undefined ? () => preflight(options) : undefined,
        );

  let adapter: GpuAdapterLike | null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: options.powerPreference });
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new WebgpuAdapterUnavailableError(`requestAdapter failed (${detail})`, { cause: error });
  }
  if (adapter === null || adapter === undefined) {
    throw new WebgpuAdapterUnavailableError(NO_ADAPTER);
  }
  const summary = summarizeAdapterInfo(adapter.info);
  if (summary.isSoftware && !options.allowSoftware) throw new WebgpuSoftwareAdapterError(summary);
  return { dawn, gpu, adapter, summary, tfjsWebgpu };
}

const NO_ADAPTER = 'Dawn found no Vulkan, Metal or Direct3D 12 adapter it accepts';

/** Throws what the in-process request would have, when the child process found nothing usable. */
async function preflight(options: ResolvedWebgpuOptions): Promise<void> {
  const result = await preflightDawnAdapter(options.dawnFlags, options.powerPreference);
  if (result === undefined) return;
  if (result.adapter === null) throw new WebgpuAdapterUnavailableError(result.failure ?? NO_ADAPTER);
  const summary = summarizeAdapterInfo(result.adapter);
  if (summary.isSoftware && !options.allowSoftware) throw new WebgpuSoftwareAdapterError(summary);
  ensureRuntimeDir();
}
