import { IfaError } from '@ifa/core';

/** A function needs a tfjs backend that has not been registered (its package was not imported). */
export class BackendNotRegisteredError extends IfaError {
  static readonly code = 'IFA_BACKEND_NOT_REGISTERED';
  override readonly name = 'BackendNotRegisteredError';

  constructor(
    readonly backend: string,
    what: string,
    hint: string,
  ) {
    super(
      BackendNotRegisteredError.code,
      `${what} needs the tfjs "${backend}" backend, which is not registered; ${hint}`,
    );
  }

  static override isInstance(error: unknown): error is BackendNotRegisteredError {
    return IfaError.hasCode(error, BackendNotRegisteredError.code);
  }
}
