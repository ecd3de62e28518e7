export { BackendUnavailableError } from './backend-unavailable-error';
export { CheckpointError } from './checkpoint-error';
export { IfaTrainError } from './ifa-train-error';
export { InvalidOptionError } from './invalid-option-error';
export { NonFiniteLossError } from './non-finite-loss-error';
