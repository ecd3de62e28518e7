import { describe, expect, it } from 'vitest';

// The runtime names each entry point exports. A change to one of these lists is a deliberate API
// decision: `.` is covered by semver, `./internal` is not (see README, "Public surface").
describe('@ifa/backends exports', () => {
  it('@ifa/backends', async () => {
    expect(Object.keys(await import('./index')).sort()).toEqual([
      'BACKEND_PREFERENCES',
      'BackendUnavailableError',
      'WasmTrainingError',
      'WebgpuAdapterUnavailableError',
      'WebgpuError',
      'WebgpuPackageLoadError',
      'WebgpuPackageMissingError',
      'WebgpuSoftwareAdapterError',
      'probeBackends',
      'selectBackend',
    ]);
  });

  it('@ifa/backends/internal', async () => {
    expect(Object.keys(await import('./internal/index')).sort()).toEqual([
      'ADAM_UPDATE_KERNEL',
      'INSTALL_HINTS',
      'TRAINING_KERNELS',
      'WEBGPU_BACKEND_NAME',
      'applyAdamUpdate',
      'defaultBackendLoaders',
      'fusedAdamUpdate',
      'listMissingWasmKernels',
      'probeWebgpu',
      'registerWasmTrainingKernels',
      'registerWebgpuBackend',
      'setWasmBackendWithThreads',
      'summarizeAdapterInfo',
      'wasmTrainingKernelNames',
    ]);
  });
});
