export { IfaError, type IfaErrorOptions } from './ifa-error';
export { type InvalidOptionDetails, InvalidOptionError } from './invalid-option-error';
