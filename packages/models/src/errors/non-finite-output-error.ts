import { IfaError } from '@ifa/core';

/**
 * `generate` produced NaN or infinite values (before clipping to [0, 1], where NaN would survive as a
 * black pixel and Infinity as a white one). The weights are finite (loading checks that) and so is the
 * input (checked first), so the model itself overflows: it diverged in training. Use an earlier
 * checkpoint or retrain with a lower learning rate.
 */
export class NonFiniteOutputError extends IfaError {
  static readonly code = 'IFA_NON_FINITE_OUTPUT';
  override readonly name = 'NonFiniteOutputError';
  readonly kind: string;
  /** How many output values are NaN or infinite. */
  readonly count: number;

  constructor(kind: string, count: number, total: number) {
    super(
      NonFiniteOutputError.code,
      `the ${kind} model's generate produced ${count} NaN or infinite value${count === 1 ? '' : 's'} out of ` +
        `${total}: the model diverged. Use an earlier checkpoint, or retrain with a lower learning rate.`,
    );
    this.kind = kind;
    this.count = count;
  }

  static override isInstance(error: unknown): error is NonFiniteOutputError {
    return IfaError.hasCode(error, NonFiniteOutputError.code);
  }
}
