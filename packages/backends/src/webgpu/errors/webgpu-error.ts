import { IfaError } from '@ifa/core';

/** Base class of every error the WebGPU route throws on purpose, so callers can tell ours from bugs. */
export class WebgpuError extends IfaError {
  static readonly code: string = 'IFA_WEBGPU';
  override readonly name: string = 'WebgpuError';

  /** One line for logs and `ifa info`; `message` adds how to fix it. */
  readonly reason: string;

  /** What the user can do about it (install command, driver, flag). */
  readonly howToFix: string;

  constructor(reason: string, howToFix: string, options?: { cause?: unknown; code?: string }) {
    super(options?.code ?? WebgpuError.code, `${reason}. ${howToFix}`, options);
    this.reason = reason;
    this.howToFix = howToFix;
  }

  /** True for any error of the WebGPU route (every code starts with `IFA_WEBGPU`). */
  static override isInstance(error: unknown): error is WebgpuError {
    return IfaError.isInstance(error) && error.code.startsWith(WebgpuError.code);
  }
}
