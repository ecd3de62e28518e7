import { IfaError } from '@ifa/core';
import { WebgpuError } from './webgpu-error';

/** An optional package of the WebGPU route (`webgpu` or `@tensorflow/tfjs-backend-webgpu`) is not installed. */
export class WebgpuPackageMissingError extends WebgpuError {
  static override readonly code = 'IFA_WEBGPU_PACKAGE_MISSING';
  override readonly name = 'WebgpuPackageMissingError';

  constructor(
    readonly packageName: string,
    options?: { cause?: unknown },
  ) {
    super(
      `the optional package '${packageName}' is not installed`,
      'Install the WebGPU route with `npm install webgpu@^0.6.2 @tensorflow/tfjs-backend-webgpu@^4.22.0` ' +
        '(prebuilt Dawn for linux-x64/arm64, macOS and Windows; no build step), or choose another backend.',
      { ...options, code: WebgpuPackageMissingError.code },
    );
  }

  static override isInstance(error: unknown): error is WebgpuPackageMissingError {
    return IfaError.hasCode(error, WebgpuPackageMissingError.code);
  }
}
