import { IfaError } from '@ifa/core';
import { WebgpuError } from './webgpu-error';

/** A WebGPU package is installed but failed to load, e.g. no prebuilt `dawn.node` for this platform. */
export class WebgpuPackageLoadError extends WebgpuError {
  static override readonly code = 'IFA_WEBGPU_PACKAGE_LOAD';
  override readonly name = 'WebgpuPackageLoadError';

  constructor(
    readonly packageName: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(
      `the package '${packageName}' is installed but could not be loaded on ${process.platform}-${process.arch}: ${detail}`,
      '`webgpu` ships dawn.node for linux-x64, linux-arm64, darwin and win32 (x64/arm64) only; reinstall it ' +
        '(`npm install webgpu@^0.6.2`) or choose another backend.',
      { ...options, code: WebgpuPackageLoadError.code },
    );
  }

  static override isInstance(error: unknown): error is WebgpuPackageLoadError {
    return IfaError.hasCode(error, WebgpuPackageLoadError.code);
  }
}
