import { IfaModelsError } from './ifa-models-error';

/** `loadModel(source, { kind })` found a model folder of another kind. */
export class ModelKindMismatchError extends IfaModelsError {
  override readonly name = 'ModelKindMismatchError';

  constructor(
    readonly expected: string,
    readonly actual: string,
    readonly source: string,
  ) {
    super(`${source}: expected a "${expected}" model but ifa-model.json says kind "${actual}".`);
  }
}
