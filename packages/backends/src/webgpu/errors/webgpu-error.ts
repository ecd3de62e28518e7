/** Base class of every error the WebGPU route throws on purpose, so callers can tell ours from bugs. */
export class WebgpuError extends Error {
  override readonly name: string = 'WebgpuError';

  /** One line for logs and `ifa info`; `message` adds how to fix it. */
  readonly reason: string;

  /** What the user can do about it (install command, driver, flag). */
  readonly howToFix: string;

  constructor(reason: string, howToFix: string, options?: { cause?: unknown }) {
    super(`${reason}. ${howToFix}`, options);
    this.reason = reason;
    this.howToFix = howToFix;
  }
}
