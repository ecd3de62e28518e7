import { deriveSeed } from '@ifa/core/internal';
import type { TensorBatch, TrainingPhase } from '@ifa/models';
import {
  augmentSpectrograms,
  batchToTensors,
  type PairedBatch,
  type SpectrogramAugmentation,
} from '@ifa/paired-dataset';
import * as tf from '@tensorflow/tfjs-core';
import type { PositionalAdam } from '../optimizer';

export interface StepOptions {
  /** The run's seed. */
  seed: number;
  /** Batches trained before this one (0-based step index). */
  step: number;
  /** Spectrogram augmentation of this batch, seeded by (seed, step); null for none. */
  augment: SpectrogramAugmentation | null;
}

/** Stream of the augmentation seeds, apart from the phases' noise streams. */
const AUGMENT_STREAM = 0xa06;

/**
 * One training step: each phase due at this step (`(step + 1) % every === 0`) computes its loss on the
 * batch with noise seeded by `(seed, step, phase)` and its optimizer applies the gradients. Returns the loss
 * scalars by phase name, unread; the caller owns (and disposes) them. Leaves no other tensors behind.
 */
export function trainStep(
  phases: readonly TrainingPhase[],
  optimizers: readonly PositionalAdam[],
  batch: PairedBatch,
  options: StepOptions,
): Record<string, tf.Scalar> {
  // [n, h, w, 1] spectrograms and [n, h, w, c] images, the models' NHWC input.
  const augmented =
    options.augment === null
      ? batch
      : {
          ...batch,
          audio: augmentSpectrograms(
            batch.audio,
            batch.audioShape,
            options.augment,
            deriveSeed(options.seed, options.step, AUGMENT_STREAM),
          ),
        };
  const tensors = batchToTensors(tf, augmented);
  const inputs: TensorBatch = {
    audio: tensors.audio as tf.Tensor4D,
    image: tensors.image as tf.Tensor4D,
    labels: tensors.labels as tf.Tensor1D,
  };
  const losses: Record<string, tf.Scalar> = {};
  try {
    phases.forEach((phase, i) => {
      if ((options.step + 1) % phase.every !== 0) return;
      const seed = deriveSeed(options.seed, options.step, i);
      const { objective } = phase;
      const { value, grads } = tf.variableGrads(() => objective.loss(inputs, { seed }), objective.variables);
      optimizers[i]!.apply(objective.variables.map((v) => grads[v.name]!));
      tf.dispose(Object.values(grads));
      losses[phase.name] = value;
    });
  } catch (error) {
    tf.dispose(Object.values(losses));
    throw error;
  } finally {
    tf.dispose([tensors.audio, tensors.image, tensors.labels]);
  }
  return losses;
}
