import { IfaTrainError } from './ifa-train-error';

/** A training or command option has a value we cannot use; the message names the option and the fix. */
export class InvalidOptionError extends IfaTrainError {
  override readonly name = 'InvalidOptionError';

  constructor(
    readonly option: string,
    readonly value: unknown,
    readonly expected: string,
  ) {
    super(`Invalid ${option}: ${JSON.stringify(value)}. Expected ${expected}.`);
  }
}
