import * as tf from '@tensorflow/tfjs-core';
import { NonFiniteLossError } from '../errors';
import type { BatchEvent } from './options';

/** A step whose losses are still on the backend. */
export interface PendingStep {
  event: Omit<BatchEvent, 'losses' | 'samplesPerSecond'>;
  losses: Record<string, tf.Scalar>;
}

export interface LossReaderOptions {
  /** Read the queued losses every this many steps. */
  every: number;
  /** The checkpoint a NaN error points the user to. */
  lastGood: () => string | null;
  /** Called in step order with each step's losses as numbers (metrics row, chart history, onBatch). */
  onStep: (event: PendingStep['event'], losses: Record<string, number>) => Promise<void>;
}

/**
 * Reads loss scalars back without stalling the backend: steps are queued and read in one `await data()`
 * every `every` steps. Every value is checked (a NaN or Infinity throws {@link NonFiniteLossError}) and
 * summed for the epoch's means.
 */
export class LossReader {
  private pending: PendingStep[] = [];
  private sums: Record<string, { sum: number; count: number }> = {};

  constructor(private readonly options: LossReaderOptions) {}

  /** Queues a step's losses (the reader now owns the scalars) and reads the queue when it is full. */
  async push(step: PendingStep): Promise<void> {
    this.pending.push(step);
    if (this.pending.length >= this.options.every) await this.flush();
  }

  /** Reads every queued loss in one async transfer, checks them and reports them. */
  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    const scalars = batch.flatMap((p) => Object.values(p.losses));
    const stacked = tf.stack(scalars);
    const values = await stacked.data<'float32'>();
    stacked.dispose();
    tf.dispose(scalars);
    let cursor = 0;
    for (const p of batch) {
      const losses: Record<string, number> = {};
      for (const name of Object.keys(p.losses)) losses[name] = values[cursor++]!;
      for (const [name, value] of Object.entries(losses)) {
        if (!Number.isFinite(value)) {
          throw new NonFiniteLossError(name, value, p.event.epoch, p.event.step, this.options.lastGood());
        }
        const s = this.sums[name] ?? { sum: 0, count: 0 };
        s.sum += value;
        s.count += 1;
        this.sums[name] = s;
      }
      await this.options.onStep(p.event, losses);
    }
  }

  /** Starts a new epoch's sums. */
  resetEpoch(): void {
    this.sums = {};
  }

  /** Mean of each loss over the steps read since {@link resetEpoch}. */
  epochMeans(): Record<string, number> {
    const means: Record<string, number> = {};
    for (const [name, { sum, count }] of Object.entries(this.sums)) means[name] = sum / count;
    return means;
  }

  /** Frees scalars still queued (after an error). */
  dispose(): void {
    for (const p of this.pending) tf.dispose(Object.values(p.losses));
    this.pending = [];
  }
}
