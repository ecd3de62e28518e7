export { WebgpuAdapterUnavailableError } from './webgpu-adapter-unavailable-error';
export { WebgpuError } from './webgpu-error';
export { WebgpuPackageLoadError } from './webgpu-package-load-error';
export { WebgpuPackageMissingError } from './webgpu-package-missing-error';
export { WebgpuSoftwareAdapterError } from './webgpu-software-adapter-error';
