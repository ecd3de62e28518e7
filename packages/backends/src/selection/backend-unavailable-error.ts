import { IfaError } from '@ifa/core';

/** An explicitly requested backend cannot be loaded here; the message says how to install or enable it. */
export class BackendUnavailableError extends IfaError {
  static readonly code = 'IFA_BACKEND_UNAVAILABLE';
  override readonly name = 'BackendUnavailableError';

  constructor(
    readonly backend: string,
    readonly reason: string,
    readonly howToFix: string,
    options?: { cause?: unknown },
  ) {
    super(
      BackendUnavailableError.code,
      `Backend '${backend}' is not available: ${reason}. ${howToFix}`,
      options,
    );
  }

  static override isInstance(error: unknown): error is BackendUnavailableError {
    return IfaError.hasCode(error, BackendUnavailableError.code);
  }
}
