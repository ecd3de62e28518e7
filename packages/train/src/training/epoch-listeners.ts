import { atomicWriteFile } from '@ifa/core/node';
import type { IfaModel } from '@ifa/models';
import { type EvaluationSeries, type FloorLine, type LossPoint, renderLossChart } from '../charts';
import { pruneEpochCheckpoints } from '../checkpoint';
import type { PhaseTerms, PoolFloor, ReconstructionFloors } from './evaluation';
import type { MetricsHistory, TestMetrics } from './run-writer';
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

/** The chart panel of a loss term: the phase's own panel for `loss`, `phase.term` for the others. */
export function termPanel(phase: string, term: string): string {
  return term === 'loss' ? phase : `${phase}.${term}`;
}

function panelLosses(terms: PhaseTerms): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [phase, values] of Object.entries(terms)) {
    for (const [term, value] of Object.entries(values)) out[termPanel(phase, term)] = value;
  }
  return out;
}

/** The test rows as the chart's evaluation series: held-out pairs first, then the training subset. */
export function evaluationSeries(tests: readonly TestMetrics[]): EvaluationSeries[] {
  const last = tests.at(-1);
  if (!last) return [];
  const at = (row: TestMetrics, terms: PhaseTerms): LossPoint => ({
    step: row.step,
    losses: panelLosses(terms),
  });
  return [
    { label: `test (${last.pairs} pairs, inference mode)`, points: tests.map((row) => at(row, row.losses)) },
    {
      label: `train (${last.train.pairs} pairs, inference mode)`,
      points: tests.map((row) => at(row, row.train.losses)),
    },
  ];
}

/**
 * The floor lines of every phase with a `reconstruction` term (a per-batch SSE in every model): the
 * class-mean SSE of a batch of targets from the test pool and from the training pool.
 */
export function floorLines(floors: ReconstructionFloors, tests: readonly TestMetrics[]): FloorLine[] {
  const phases = new Set<string>();
  for (const row of tests) {
    for (const [phase, terms] of Object.entries(row.losses)) if ('reconstruction' in terms) phases.add(phase);
  }
  const lines: FloorLine[] = [];
  for (const phase of [...phases].sort()) {
    const panel = termPanel(phase, 'reconstruction');
    const line = (pool: string, floor: PoolFloor, note = ''): FloorLine => ({
      panel,
      value: floor.perBatch,
      label: `floor: class-mean SSE, ${pool} pool (${floors.batchSize} x ${floor.perSample.toFixed(1)}${note})`,
    });
    if (floors.test) lines.push(line('test', floors.test));
    lines.push(line('train', floors.train, floors.train.pairing === 'one-to-one' ? '; 0 if memorised' : ''));
  }
  return lines;
}

/** Redraws `losses.png` from the history so far: training curves, per-epoch evaluations and floors. */
export function lossCharts(options: {
  history: MetricsHistory;
  /**
   * The reconstruction floors of the run's pools, drawn in every reconstruction panel; null when the
   * model's reconstruction term is not a sum-squared error.
   */
  floors: ReconstructionFloors | null;
  title: (epoch: number) => string;
}): EpochListener {
  return async ({ epoch, lossChartPath }) => {
    const { points, tests } = options.history;
    const png = renderLossChart(points, {
      title: options.title(epoch),
      evaluations: evaluationSeries(tests),
      floors: options.floors === null ? [] : floorLines(options.floors, tests),
    });
    await atomicWriteFile(lossChartPath, png);
  };
}

/**
 * Whether the sum-squared reconstruction floor belongs on a model's loss chart: the floors are sum-squared
 * errors, and a class-conditioned model's reconstruction term is a cross-entropy on another scale (the
 * CVAE's and VAE-GAN's), or absent (the WGAN-GP's).
 */
export function floorApplies(config: object): boolean {
  return !('conditioning' in config && config.conditioning === 'class');
}
