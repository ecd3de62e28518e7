/**
 * @ifa/backends: where @ifa models compute. `selectBackend` is the one place a backend is chosen
 * (tfjs-node, WebGPU through Dawn, WASM with training kernels, or plain JS), and says which and why.
 */

export {
  BACKEND_PREFERENCES,
  type BackendAttempt,
  type BackendAvailability,
  type BackendId,
  type BackendPreference,
  type BackendPurpose,
  type BackendSelection,
  probeBackends,
  type SelectBackendOptions,
  selectBackend,
} from './selection';
export { BackendUnavailableError } from './selection/backend-unavailable-error';
export { WasmTrainingError } from './wasm-training';
export {
  WebgpuAdapterUnavailableError,
  WebgpuError,
  WebgpuPackageLoadError,
  WebgpuPackageMissingError,
  WebgpuSoftwareAdapterError,
} from './webgpu';
