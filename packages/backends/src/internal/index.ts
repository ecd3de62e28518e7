// Training needs tfjs's gradient functions registered; every training path imports this entry.
import '../gradients';

/**
 * `@ifa/backends/internal`: building blocks for tests, benchmarks and other @ifa packages. Not covered
 * by semver: names here may change in any release.
 */
export { ADAM_UPDATE_KERNEL, type AdamUpdateAttrs, applyAdamUpdate, fusedAdamUpdate } from '../adam-update';
export {
  type BackendLoadContext,
  type BackendLoader,
  type BackendLoaders,
  type BackendProbe,
  defaultBackendLoaders,
  INSTALL_HINTS,
  TRAINING_KERNELS,
} from '../selection';
export {
  listMissingWasmKernels,
  registerWasmTrainingKernels,
  setWasmBackendWithThreads,
  type WasmThreadsOptions,
  wasmTrainingKernelNames,
} from '../wasm-training';
export {
  type DawnModule,
  type GpuAdapterInfoLike,
  type GpuAdapterLike,
  type GpuLike,
  probeWebgpu,
  type RegisterWebgpuOptions,
  registerWebgpuBackend,
  summarizeAdapterInfo,
  type TfjsWebgpuModule,
  WEBGPU_BACKEND_NAME,
  type WebgpuAdapterSummary,
  type WebgpuLoaders,
  type WebgpuOptions,
  type WebgpuProbe,
  type WebgpuRegistration,
} from '../webgpu';
