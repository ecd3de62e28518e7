export { CheckpointError } from './checkpoint-error';
export { NonFiniteLossError } from './non-finite-loss-error';
export { RunExistsError } from './run-exists-error';
