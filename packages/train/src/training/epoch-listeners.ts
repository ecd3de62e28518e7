import { atomicWriteFile } from '@ifa/core/node';
import type { IfaModel } from '@ifa/models';
import { type LossPoint, renderLossChart } from '../charts';
import { pruneEpochCheckpoints } from '../checkpoint';
import { renderSamples, type SampleSet } from './samples';

/** What an epoch listener hears once an epoch's checkpoint is written. */
export interface EpochEnd {
  /** 1-based epoch just finished. */
  epoch: number;
  checkpointDir: string;
  samplePath: string;
  lossChartPath: string;
}

/** Work done after every epoch's checkpoint, in the order registered, before the epoch's metrics row. */
export type EpochListener = (end: EpochEnd) => Promise<void>;

/** Keeps only the newest `keep` `checkpoints/epoch-NNN` folders. */
export function checkpointPruning(checkpointsDir: string, keep: number): EpochListener {
  return async () => {
    await pruneEpochCheckpoints(checkpointsDir, keep);
  };
}

/** Draws the sample grid (spectrogram / real / generated per digit) to `samples/epoch-NNN.png`. */
export function sampleGrids(options: {
  model: IfaModel;
  samples: SampleSet;
  seed: number;
  title: (epoch: number) => string;
}): EpochListener {
  return async ({ epoch, samplePath }) => {
    const png = await renderSamples(options.model, options.samples, options.seed, options.title(epoch));
    await atomicWriteFile(samplePath, png);
  };
}

/** Redraws `losses.png` from the loss history so far. */
export function lossCharts(options: {
  history: readonly LossPoint[];
  title: (epoch: number) => string;
}): EpochListener {
  return async ({ epoch, lossChartPath }) => {
    await atomicWriteFile(lossChartPath, renderLossChart(options.history, { title: options.title(epoch) }));
  };
}
