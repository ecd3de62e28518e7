import type * as tf from '@tensorflow/tfjs-core';
import type { PairedBatch } from '../model';

export interface ObjectiveOptions {
  /**
   * Seed for this step's random draws (noise, reparameterisation, gradient-penalty interpolation).
   * Omitted: a fresh random seed each call. Pass one for reproducible steps.
   */
  seed?: number;
}

/**
 * One thing a trainer minimises: a loss over a batch and the variables it updates. Use it as
 * `optimizer.minimize(() => objective.loss(batch), true, objective.variables)` or via `trainStep`.
 * The loss runs the sub-models in training mode: batch norm uses batch statistics and updates its moving
 * averages, as PyTorch's `model.train()` does.
 */
export interface TrainingObjective {
  /** The trainable tf.Variables this objective should update (its `varList`). */
  readonly variables: tf.Variable[];
  loss(batch: PairedBatch, options?: ObjectiveOptions): tf.Scalar;
  /**
   * The loss and its named terms (e.g. `reconstruction`, `kl`) as numbers, computed in inference mode and
   * without gradients; for logging. Reads back from the backend, so call it sparingly.
   */
  terms(batch: PairedBatch, options?: ObjectiveOptions): Record<string, number>;
}

/**
 * Runs one optimizer update of `objective` on `batch` and returns the loss before the update.
 * Leaves no tensors behind.
 */
export function trainStep(
  optimizer: tf.Optimizer,
  objective: TrainingObjective,
  batch: PairedBatch,
  options?: ObjectiveOptions,
): number {
  const cost = optimizer.minimize(() => objective.loss(batch, options), true, objective.variables);
  if (cost === null) throw new Error('optimizer.minimize returned no cost.');
  const value = cost.dataSync()[0]!;
  cost.dispose();
  return value;
}

/** Reads scalars back as numbers and disposes them. */
export function readTerms(terms: Record<string, tf.Scalar>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, t] of Object.entries(terms)) {
    out[name] = t.dataSync()[0]!;
    t.dispose();
  }
  return out;
}
