import type { GpuAdapterInfoLike } from './adapter-info';
import { WebgpuPackageLoadError } from './errors/webgpu-package-load-error';
import { WebgpuPackageMissingError } from './errors/webgpu-package-missing-error';

/** The part of a WebGPU `GPUAdapter` we use. */
export interface GpuAdapterLike {
  readonly info?: GpuAdapterInfoLike;
  readonly features: { has(feature: string): boolean };
  readonly limits: Readonly<Record<string, unknown>>;
  requestDevice(descriptor?: GpuDeviceDescriptorLike): Promise<unknown>;
}

export interface GpuDeviceDescriptorLike {
  requiredFeatures?: string[];
  requiredLimits?: Record<string, number>;
}

/** The part of a WebGPU `GPU` (`navigator.gpu`) we use. */
export interface GpuLike {
  requestAdapter(options?: {
    powerPreference?: 'low-power' | 'high-performance';
  }): Promise<GpuAdapterLike | null>;
}

/** The `webgpu` package (Dawn's Node binding). */
export interface DawnModule {
  create(flags: string[]): GpuLike;
  /** `GPUBufferUsage`, `GPUMapMode`, ... which tfjs-backend-webgpu reads from the global scope. */
  globals: object;
}

/** The `@tensorflow/tfjs-backend-webgpu` package. Importing it registers its kernels with tfjs-core. */
export interface TfjsWebgpuModule {
  WebGPUBackend: new (device: never, adapterInfo?: never) => unknown;
}

/** How the optional packages are loaded; tests inject fakes, missing entries use real dynamic imports. */
export interface WebgpuLoaders {
  dawn?: () => Promise<DawnModule>;
  tfjsWebgpu?: () => Promise<TfjsWebgpuModule>;
}

function isModuleNotFound(error: unknown, packageName: string): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  const notFound =
    code === 'ERR_MODULE_NOT_FOUND' ||
    code === 'MODULE_NOT_FOUND' ||
    /cannot find (module|package)|failed to (load|resolve)/i.test(error.message);
  // A missing *dependency* of an installed package is a broken install, not a missing optional package.
  return (
    notFound && (error.message.includes(`'${packageName}'`) || error.message.includes(`"${packageName}"`))
  );
}

/** Imports an optional package, turning "not installed" and "cannot load" into typed errors. */
export async function loadOptional<T>(packageName: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (isModuleNotFound(error, packageName))
      throw new WebgpuPackageMissingError(packageName, { cause: error });
    const detail = error instanceof Error ? (error.message.split('\n')[0] ?? error.name) : String(error);
    throw new WebgpuPackageLoadError(packageName, detail, { cause: error });
  }
}

export const defaultWebgpuLoaders: Required<WebgpuLoaders> = {
  dawn: () => import('webgpu') as Promise<DawnModule>,
  tfjsWebgpu: () => import('@tensorflow/tfjs-backend-webgpu') as unknown as Promise<TfjsWebgpuModule>,
};
