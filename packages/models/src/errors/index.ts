export { CorruptModelError } from './corrupt-model-error';
export { IfaModelsError } from './ifa-models-error';
export { InvalidConfigError } from './invalid-config-error';
export { InvalidInputError } from './invalid-input-error';
export { ModelKindMismatchError } from './model-kind-mismatch-error';
export { UnknownModelKindError } from './unknown-model-kind-error';
export { UnsafePathError } from './unsafe-path-error';
export { UnsupportedFormatVersionError } from './unsupported-format-version-error';
