import * as tf from '@tensorflow/tfjs-core';
import type { TensorBatch } from '../model';

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
  loss(batch: TensorBatch, options?: ObjectiveOptions): tf.Scalar;
  /**
   * The loss and its named terms (e.g. `reconstruction`, `kl`) as numbers, computed in inference mode and
   * without gradients; for logging. Reads back from the backend asynchronously (never `dataSync`, which
   * stalls a GPU and throws on WebGPU in Node), so call it sparingly.
   */
  terms(batch: TensorBatch, options?: ObjectiveOptions): Promise<Record<string, number>>;
}

/**
 * Runs one optimizer update of `objective` on `batch` and resolves to the loss before the update.
 * Leaves no tensors behind. The loss is read asynchronously so the same code runs on GPU backends.
 */
export async function trainStep(
  optimizer: tf.Optimizer,
  objective: TrainingObjective,
  batch: TensorBatch,
  options?: ObjectiveOptions,
): Promise<number> {
  const cost = optimizer.minimize(() => objective.loss(batch, options), true, objective.variables);
  if (cost === null) throw new Error('optimizer.minimize returned no cost.');
  try {
    return (await cost.data())[0]!;
  } finally {
    cost.dispose();
  }
}

/** Reads scalars back as numbers (one async read each) and disposes them. */
export async function readTerms(terms: Record<string, tf.Scalar>): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  try {
    for (const [name, t] of Object.entries(terms)) out[name] = (await t.data())[0]!;
  } finally {
    for (const t of Object.values(terms)) t.dispose();
  }
  return out;
}

/** The named loss terms of one objective; `loss` is the one minimised, the rest are for logging. */
export type LossTerms = { loss: tf.Scalar } & Record<string, tf.Scalar>;

/**
 * Builds a `TrainingObjective` from the function computing its loss terms. `computeTerms` runs with
 * `training: true` for updates (batch statistics, moving averages updated) and `false` for logging.
 */
export function objectiveFrom(
  variables: tf.Variable[],
  checkBatch: (batch: TensorBatch) => void,
  computeTerms: (batch: TensorBatch, options: ObjectiveOptions, training: boolean) => LossTerms,
): TrainingObjective {
  return {
    variables,
    loss: (batch, options = {}) => {
      checkBatch(batch);
      return tf.tidy(() => computeTerms(batch, options, true).loss);
    },
    terms: (batch, options = {}) => {
      checkBatch(batch);
      return readTerms(tf.tidy(() => computeTerms(batch, options, false)));
    },
  };
}
