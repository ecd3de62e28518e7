import { IfaModelsError } from './ifa-models-error';

/** A tensor passed to `generate` or a training objective has the wrong rank, shape or batch size. */
export class InvalidInputError extends IfaModelsError {
  override readonly name = 'InvalidInputError';
}
