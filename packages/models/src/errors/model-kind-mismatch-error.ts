import { IfaError } from '@ifa/core';

/** `loadModel(source, { kind })` found a model folder of another kind. */
export class ModelKindMismatchError extends IfaError {
  static readonly code = 'IFA_MODEL_KIND_MISMATCH';
  override readonly name = 'ModelKindMismatchError';

  constructor(
    readonly expected: string,
    readonly actual: string,
    readonly source: string,
  ) {
    super(
      ModelKindMismatchError.code,
      `${source}: expected a "${expected}" model but ifa-model.json says kind "${actual}".`,
    );
  }

  static override isInstance(error: unknown): error is ModelKindMismatchError {
    return IfaError.hasCode(error, ModelKindMismatchError.code);
  }
}
