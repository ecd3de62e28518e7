import { IfaTrainError } from './ifa-train-error';

/** A loss became NaN or Infinity; training stopped and the last good checkpoint was kept. */
export class NonFiniteLossError extends IfaTrainError {
  override readonly name = 'NonFiniteLossError';

  constructor(
    readonly lossName: string,
    readonly value: number,
    readonly epoch: number,
    readonly step: number,
    readonly lastGoodCheckpoint: string | null,
  ) {
    super(
      `Loss '${lossName}' became ${value} at epoch ${epoch}, step ${step}; training stopped. ` +
        (lastGoodCheckpoint
          ? `The last good checkpoint is kept at ${lastGoodCheckpoint}. `
          : 'No checkpoint had been written yet. ') +
        'Try a lower --learning-rate or a smaller --batch-size.',
    );
  }
}
