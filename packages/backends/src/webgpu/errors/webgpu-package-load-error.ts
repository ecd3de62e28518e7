import { WebgpuError } from './webgpu-error';

/** A WebGPU package is installed but failed to load, e.g. no prebuilt `dawn.node` for this platform. */
export class WebgpuPackageLoadError extends WebgpuError {
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
      options,
    );
  }
}
