import type { WebgpuLoaders } from './loaders';

export interface WebgpuOptions {
  /**
   * Accept a software adapter (SwiftShader, lavapipe, WARP). They compute correct results but are far
   * slower than the `cpu` backend, so `auto` backend selection must leave this off. Default false.
   */
  allowSoftware?: boolean;
  /** Which adapter to ask Dawn for on machines with two GPUs. Default `'high-performance'`. */
  powerPreference?: 'high-performance' | 'low-power';
  /** Extra Dawn instance flags, e.g. `['backend=vulkan']` or `['adapter=NVIDIA']`. Default none. */
  dawnFlags?: readonly string[];
  /** Replace how `webgpu` and `@tensorflow/tfjs-backend-webgpu` are imported (tests inject fakes). */
  loaders?: WebgpuLoaders;
}

export interface ResolvedWebgpuOptions {
  allowSoftware: boolean;
  powerPreference: 'high-performance' | 'low-power';
  dawnFlags: readonly string[];
  loaders: WebgpuLoaders;
}

export function resolveWebgpuOptions(options: WebgpuOptions = {}): ResolvedWebgpuOptions {
  return {
    allowSoftware: options.allowSoftware ?? false,
    powerPreference: options.powerPreference ?? 'high-performance',
    dawnFlags: options.dawnFlags ?? [],
    loaders: options.loaders ?? {},
  };
}
