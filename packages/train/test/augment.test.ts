import type { TensorBatch, TrainingObjective, TrainingPhase } from '@ifa/models';
import { DEFAULT_AUGMENTATION, type PairedBatch } from '@ifa/paired-dataset';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { PositionalAdam } from '../src/optimizer';
import { resolveTrainOptions } from '../src/training';
import { evaluateTerms } from '../src/training/evaluation';
import { trainStep } from '../src/training/step';
import { useTestBackend } from './helpers';

beforeAll(async () => {
  await useTestBackend();
});

/** A phase whose loss records the audio and labels it was given (one trainable scalar, loss = w^2). */
function recordingPhase(seen: { audio: Float32Array; labels: Int32Array | null }[]): {
  phase: TrainingPhase;
  variable: tf.Variable;
} {
  const variable = tf.variable(tf.scalar(1));
  const record = (batch: TensorBatch) => {
    seen.push({
      audio: Float32Array.from(batch.audio.dataSync()),
      labels: batch.labels ? Int32Array.from(batch.labels.dataSync()) : null,
    });
  };
  const objective: TrainingObjective = {
    variables: [variable],
    loss: (batch) => {
      record(batch);
      return tf.square(variable) as tf.Scalar;
    },
    terms: async (batch) => {
      record(batch);
      return { loss: 1 };
    },
  };
  return { phase: { name: 'probe', objective, every: 1 }, variable };
}

function pairedBatch(): PairedBatch {
  const n = 2;
  return {
    audio: Float32Array.from({ length: n * 28 * 28 }, (_, i) => 0.2 + 0.6 * (((i * 31) % 53) / 53)),
    image: new Float32Array(n * 28 * 28),
    labels: Int32Array.from([3, 7]),
    audioIndices: Int32Array.from([0, 1]),
    imageIndices: Int32Array.from([0, 1]),
    audioShape: [n, 28, 28],
    imageShape: [n, 28, 28, 1],
  };
}

describe('spectrogram augmentation in training', () => {
  it('changes the training batch, as a function of (seed, step); labels reach the model', () => {
    const seen: { audio: Float32Array; labels: Int32Array | null }[] = [];
    const { phase, variable } = recordingPhase(seen);
    const adam = new PositionalAdam([variable]);
    const batch = pairedBatch();
    const step = (augment: typeof DEFAULT_AUGMENTATION | null, stepIndex: number) =>
      tf.dispose(Object.values(trainStep([phase], [adam], batch, { seed: 5, step: stepIndex, augment })));
    step(null, 0);
    step(DEFAULT_AUGMENTATION, 0);
    step(DEFAULT_AUGMENTATION, 0);
    step(DEFAULT_AUGMENTATION, 1);
    const [plain, first, again, next] = seen;
    expect(plain!.audio).toEqual(batch.audio);
    expect(plain!.labels).toEqual(Int32Array.from([3, 7]));
    expect(first!.audio).not.toEqual(batch.audio);
    expect(first!.audio.length).toBe(batch.audio.length);
    expect(again!.audio).toEqual(first!.audio);
    expect(next!.audio).not.toEqual(first!.audio);
    adam.dispose();
    variable.dispose();
  });

  it('test losses never see augmented audio', async () => {
    const seen: { audio: Float32Array; labels: Int32Array | null }[] = [];
    const { phase, variable } = recordingPhase(seen);
    const batch = pairedBatch();
    await evaluateTerms([phase], { pairs: 2, batches: [batch] }, 5);
    expect(seen[0]!.audio).toEqual(batch.audio);
    variable.dispose();
  });

  it('train() resolves augment: off by default, true for the defaults, bad fields refused by name', () => {
    const base = { model: 'cvae' as const, outDir: '/tmp/unused' };
    expect(resolveTrainOptions(base).augment).toBeNull();
    expect(resolveTrainOptions({ ...base, augment: true }).augment).toEqual(DEFAULT_AUGMENTATION);
    expect(resolveTrainOptions({ ...base, augment: { noise: 0 } }).augment?.noise).toBe(0);
    expect(() => resolveTrainOptions({ ...base, augment: { timeShift: -2 } })).toThrow(/augment\.timeShift/);
    expect(resolveTrainOptions(base).pairing).toBe('random');
    expect(() => resolveTrainOptions({ ...base, pairing: 'fixed' as never })).toThrow(/pairing/);
  });
});
