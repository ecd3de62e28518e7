import { IfaTrainError } from '../../errors';

/** The digit judge could not be trained or loaded (bad cache entry, no data); the message says how to fix it. */
export class JudgeError extends IfaTrainError {
  override readonly name = 'JudgeError';
}
