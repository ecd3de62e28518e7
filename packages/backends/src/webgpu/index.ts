/**
 * GPU training without libtensorflow: tfjs-backend-webgpu on Dawn (the `webgpu` package), which runs on
 * Vulkan (Linux, Windows), Metal (macOS) and Direct3D 12 (Windows). Both packages are optional and loaded
 * by dynamic import only, so nothing here costs a plain install anything.
 */

export { type GpuAdapterInfoLike, summarizeAdapterInfo, type WebgpuAdapterSummary } from './adapter-info';
export {
  WebgpuAdapterUnavailableError,
  WebgpuError,
  WebgpuPackageLoadError,
  WebgpuPackageMissingError,
  WebgpuSoftwareAdapterError,
} from './errors';
export type {
  DawnModule,
  GpuAdapterLike,
  GpuLike,
  TfjsWebgpuModule,
  WebgpuLoaders,
} from './loaders';
export type { WebgpuOptions } from './options';
export { probeWebgpu, type WebgpuProbe } from './probe-webgpu';
export {
  type RegisterWebgpuOptions,
  registerWebgpuBackend,
  WEBGPU_BACKEND_NAME,
  type WebgpuRegistration,
} from './register-webgpu-backend';
