import { IfaTrainError } from './ifa-train-error';

/** An explicitly requested backend cannot be loaded here; the message says how to install or enable it. */
export class BackendUnavailableError extends IfaTrainError {
  override readonly name = 'BackendUnavailableError';

  constructor(
    readonly backend: string,
    readonly reason: string,
    readonly howToFix: string,
    options?: { cause?: unknown },
  ) {
    super(`Backend '${backend}' is not available: ${reason}. ${howToFix}`, options);
  }
}
