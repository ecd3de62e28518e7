import { WebgpuAdapterUnavailableError } from './errors/webgpu-adapter-unavailable-error';
import { type DawnModule, type GpuLike, loadOptional } from './loaders';

type NavigatorHolder = { navigator?: { gpu?: GpuLike } };

/** The runtime's own `navigator.gpu` (browsers, Deno, or Node after a previous registration). */
export function nativeNavigatorGpu(): GpuLike | undefined {
  return (globalThis as NavigatorHolder).navigator?.gpu;
}

/**
 * One Dawn instance per loaded `webgpu` module: each `create()` starts a new Dawn instance with its own
 * driver connections, and adapters/devices are only valid on the instance that made them.
 */
const dawnInstances = new WeakMap<DawnModule, GpuLike>();

export async function loadDawnGpu(
  loadDawn: () => Promise<DawnModule>,
  dawnFlags: readonly string[],
  beforeCreate?: () => Promise<void>,
): Promise<{ dawn: DawnModule; gpu: GpuLike }> {
  const dawn = await loadOptional('webgpu', loadDawn);
  let gpu = dawnInstances.get(dawn);
  if (gpu === undefined) {
    // May throw (no usable adapter): then no Dawn instance is started in this process.
    await beforeCreate?.();
    try {
      gpu = dawn.create([...dawnFlags]);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      throw new WebgpuAdapterUnavailableError(`Dawn failed to start (${detail})`, { cause: error });
    }
    dawnInstances.set(dawn, gpu);
  }
  return { dawn, gpu };
}

/**
 * Makes Dawn look like a browser's WebGPU to tfjs-backend-webgpu, which reads `navigator.gpu` and the
 * `GPUBufferUsage`-style constants from the global scope. Never replaces what the runtime already has:
 * existing globals win, and an existing `navigator` (Node 21+, browsers) only gains a `gpu` property.
 */
export function installDawnGlobals(dawn: DawnModule, gpu: GpuLike): void {
  const scope = globalThis as Record<string, unknown> & NavigatorHolder;
  for (const [key, value] of Object.entries(dawn.globals)) {
    if (!(key in scope)) {
      Object.defineProperty(scope, key, { value, writable: true, configurable: true });
    }
  }
  const existing = scope.navigator;
  if (existing?.gpu !== undefined) return;
  if (existing === undefined || existing === null) {
    Object.defineProperty(scope, 'navigator', { value: { gpu }, writable: true, configurable: true });
    return;
  }
  try {
    Object.defineProperty(existing, 'gpu', { value: gpu, configurable: true });
  } catch {
    // A frozen navigator: shadow it with one that inherits everything and adds `gpu`.
    const extended = Object.create(existing, { gpu: { value: gpu, configurable: true } }) as object;
    Object.defineProperty(scope, 'navigator', { value: extended, writable: true, configurable: true });
  }
}
