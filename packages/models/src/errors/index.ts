export { IfaError, InvalidOptionError } from '@ifa/core';
export { CorruptModelError } from './corrupt-model-error';
export { InvalidConfigError } from './invalid-config-error';
export { InvalidInputError } from './invalid-input-error';
export { ModelKindMismatchError } from './model-kind-mismatch-error';
export { UnknownModelKindError } from './unknown-model-kind-error';
export { UnsafePathError } from './unsafe-path-error';
export { UnsupportedFormatVersionError } from './unsupported-format-version-error';
