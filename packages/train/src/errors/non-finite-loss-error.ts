import { IfaError } from '@ifa/core';

/** A loss became NaN or Infinity; training stopped and the last good checkpoint was kept. */
export class NonFiniteLossError extends IfaError {
  static readonly code = 'IFA_NON_FINITE_LOSS';
  override readonly name = 'NonFiniteLossError';

  constructor(
    readonly lossName: string,
    readonly value: number,
    readonly epoch: number,
    readonly step: number,
    readonly lastGoodCheckpoint: string | null,
  ) {
    super(
      NonFiniteLossError.code,
      `Loss '${lossName}' became ${value} at epoch ${epoch}, step ${step}; training stopped. ` +
        (lastGoodCheckpoint
          ? `The last good checkpoint is kept at ${lastGoodCheckpoint}. `
          : 'No checkpoint had been written yet. ') +
        'Try a lower --learning-rate or a smaller --batch-size.',
    );
  }

  static override isInstance(error: unknown): error is NonFiniteLossError {
    return IfaError.hasCode(error, NonFiniteLossError.code);
  }
}
