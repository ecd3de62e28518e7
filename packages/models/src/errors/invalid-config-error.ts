import { IfaModelsError } from './ifa-models-error';

/** A model config (preset name or override object) that cannot produce a working architecture. */
export class InvalidConfigError extends IfaModelsError {
  override readonly name = 'InvalidConfigError';
}
