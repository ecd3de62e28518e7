import { deriveSeed } from '@ifa/core/internal';
import type { TensorBatch, TrainingPhase } from '@ifa/models';
import {
  batchToTensors,
  type DigitPairs,
  type PairedBatch,
  type PairedDataset,
  type ReconstructionFloor,
  reconstructionFloor,
} from '@ifa/paired-dataset';
import * as tf from '@tensorflow/tfjs-core';

/** Loss terms by phase, then term (`loss` is what the phase minimises), e.g. `{ vae: { loss, reconstruction, kl } }`. */
export type PhaseTerms = Record<string, Record<string, number>>;

/** A fixed set of pairs whose losses are evaluated after every epoch, in batches of the training size. */
export interface EvaluationSet {
  /** Distinct pairs evaluated. */
  pairs: number;
  /** Every batch has exactly the training batch size (the last one wraps round to the first pairs). */
  batches: PairedBatch[];
}

/**
 * `pairs` pairs of `dataset` (all of them when it has fewer) chosen by a seeded shuffle and paired as in
 * epoch 0, so every epoch is evaluated on the same pairs. They are cut into batches of exactly
 * `batchSize`, the last filled by wrapping round to the first pairs, so terms that sum over a batch (the
 * reconstruction SSE) are on the training curve's per-batch scale. Null when there is nothing to evaluate.
 */
export function evaluationSet(
  dataset: PairedDataset,
  options: { pairs: number; batchSize: number; seed: number },
): EvaluationSet | null {
  const n = Math.min(options.pairs, dataset.size);
  if (n === 0) return null;
  const all = dataset.batches({ batchSize: n, seed: options.seed, epoch: 0 }).next().value;
  if (!all) return null;
  const [, ah, aw] = all.audioShape;
  const [, ih, iw, ic] = all.imageShape;
  const [audioSize, imageSize] = [ah * aw, ih * iw * ic];
  const size = options.batchSize;
  const batches: PairedBatch[] = [];
  for (let start = 0; start < n; start += size) {
    const pick = Int32Array.from({ length: size }, (_, j) => (start + j) % n);
    const audio = new Float32Array(size * audioSize);
    const image = new Float32Array(size * imageSize);
    pick.forEach((i, j) => {
      audio.set(all.audio.subarray(i * audioSize, (i + 1) * audioSize), j * audioSize);
      image.set(all.image.subarray(i * imageSize, (i + 1) * imageSize), j * imageSize);
    });
    batches.push({
      audio,
      image,
      labels: pick.map((i) => all.labels[i]!),
      audioIndices: pick.map((i) => all.audioIndices[i]!),
      imageIndices: pick.map((i) => all.imageIndices[i]!),
      audioShape: [size, ah, aw],
      imageShape: [size, ih, iw, ic],
    });
  }
  return { pairs: n, batches };
}

/**
 * Every phase's loss terms (`objective.terms()`: inference mode, no gradients) averaged over the set's
 * batches. The noise of batch b in phase i is seeded by `(seed, b, i)`, so two epochs differ only by the
 * weights. Leaves no tensors behind. Non-finite values are kept (they are data here, not an error).
 */
export async function evaluateTerms(
  phases: readonly TrainingPhase[],
  set: EvaluationSet,
  seed: number,
): Promise<PhaseTerms> {
  const sums: PhaseTerms = {};
  for (const [b, batch] of set.batches.entries()) {
    const tensors = batchToTensors(tf, batch);
    const inputs: TensorBatch = {
      audio: tensors.audio as tf.Tensor4D,
      image: tensors.image as tf.Tensor4D,
      labels: tensors.labels as tf.Tensor1D,
    };
    try {
      for (const [i, phase] of phases.entries()) {
        const terms = await phase.objective.terms(inputs, { seed: deriveSeed(seed, b, i) });
        const sum = sums[phase.name] ?? {};
        sums[phase.name] = sum;
        for (const [name, value] of Object.entries(terms)) sum[name] = (sum[name] ?? 0) + value;
      }
    } finally {
      tf.dispose([tensors.audio, tensors.image, tensors.labels]);
    }
  }
  for (const terms of Object.values(sums)) {
    for (const name of Object.keys(terms)) terms[name] = terms[name]! / set.batches.length;
  }
  return sums;
}

/** The reconstruction floor of one pool, as run.json records it. */
export interface PoolFloor extends ReconstructionFloor {
  pairing: string;
  /** `batchSize * perSample`: the floor of a per-batch SSE term. */
  perBatch: number;
}

/** The floors of a run's training and test targets (null: no test pairs). */
export interface ReconstructionFloors {
  /** The batch of `perBatch`: the training batch size. */
  batchSize: number;
  train: PoolFloor;
  test: PoolFloor | null;
}

/**
 * The reconstruction floor (see `reconstructionFloor` in @ifa/paired-dataset) of the training and the test
 * targets. Random pairing draws from the whole pool of each class, weighted by the recordings' labels; a
 * one-to-one pairing only ever uses the images it assigned, so they are the pool (and the training floor is
 * 0 in principle, since a generator can memorise a fixed assignment; the test floor still holds).
 */
export function reconstructionFloors(pairs: DigitPairs, batchSize: number): ReconstructionFloors {
  const of = (dataset: PairedDataset): PoolFloor => {
    const floor =
      dataset.pairing.strategy === 'random'
        ? reconstructionFloor(dataset.images, { classWeights: dataset.audio })
        : reconstructionFloor(dataset.images, { imageIndices: dataset.pairing.imageIndicesForEpoch(0) });
    return {
      pairing: dataset.pairing.strategy,
      perSample: floor.perSample,
      perBatch: batchSize * floor.perSample,
      perClass: floor.perClass,
    };
  };
  return { batchSize, train: of(pairs.train), test: pairs.test.size > 0 ? of(pairs.test) : null };
}
