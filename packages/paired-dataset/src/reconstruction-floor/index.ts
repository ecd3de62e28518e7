import { InvalidOptionError, UnpairableLabelError } from '../errors';
import type { ImageSet } from '../mnist';
import { type LabelSource, labelsOf } from '../pairing';

export interface ReconstructionFloorOptions {
  /**
   * The items that each draw one target image of their label, e.g. a PairedDataset's recordings
   * (`dataset.audio`): p(c) is the share of them with label c. Default: the target images' own labels.
   */
  classWeights?: LabelSource;
  /**
   * The target pool as indices into `images` (repeats count), e.g. the images a one-to-one pairing
   * assigned (`dataset.pairing.imageIndicesForEpoch(0)`). Default: every image of `images`.
   */
  imageIndices?: ArrayLike<number>;
}

/** One class's share of the floor. */
export interface ClassSpread {
  label: number;
  /** Target images of this class in the pool (repeats counted). */
  images: number;
  /** p(c): the weight of this class in `perSample`. */
  weight: number;
  /** Mean over the class's images of `||x - mean_c||^2` (pixels in [0, 1]). */
  spread: number;
}

export interface ReconstructionFloor {
  /** `sum_c p(c) * spread_c`: the least expected sum-squared error per generated image. */
  perSample: number;
  /** Every class of the pool or of the weights, by label. */
  perClass: ClassSpread[];
}

/**
 * The reconstruction floor of a target pool: the least expected sum-squared error per sample that any
 * generator can reach when each input is paired with a same-label image drawn at random from the pool,
 * `sum over classes c of p(c) * mean over the class's images x of ||x - mean_c||^2`. A generator that sees
 * only the audio cannot know which image of the class it is paired with, so its best answer is the class
 * mean (the minimiser of the expected squared error), and what remains is the within-class spread.
 *
 * Units: squared differences summed over every pixel (and channel) of one image, pixel values in [0, 1]
 * (as `PairedDataset.batches()` delivers them). The models' reconstruction term, `sumSquaredError` over a
 * batch, sums over the batch too, so its floor for a batch of B pairs is `B * perSample`.
 *
 * With `'random'` pairing (a fresh same-label image each epoch) this bounds the training loss and the
 * test loss alike. With `'one-to-one'` (fixed) pairing the training loss has no such floor in principle:
 * each recording always meets the same image, so a large enough generator can memorise the assignment
 * (floor 0); on held-out pairs the assignment is arbitrary, so the test floor is still the within-class
 * spread of the assigned images (pass them as `imageIndices`).
 */
export function reconstructionFloor(
  images: ImageSet,
  options: ReconstructionFloorOptions = {},
): ReconstructionFloor {
  const size = images.height * images.width * (images.channels ?? 1);
  const pool = options.imageIndices
    ? Int32Array.from(options.imageIndices)
    : Int32Array.from({ length: images.count }, (_, i) => i);
  for (const index of pool) {
    if (!Number.isSafeInteger(index) || index < 0 || index >= images.count) {
      throw new InvalidOptionError({
        option: 'imageIndices',
        value: index,
        expected: `indices of images in the set (0 to ${images.count - 1})`,
      });
    }
  }

  // Per class: count, then the mean image, then the mean squared distance to it (two passes, float64).
  const members = new Map<number, number[]>();
  for (const index of pool) {
    const label = images.labels[index]!;
    const list = members.get(label) ?? [];
    list.push(index);
    members.set(label, list);
  }
  const spreads = new Map<number, number>();
  const mean = new Float64Array(size);
  for (const [label, list] of members) {
    mean.fill(0);
    for (const index of list) {
      const offset = index * size;
      for (let p = 0; p < size; p++) mean[p]! += images.images[offset + p]! / 255;
    }
    for (let p = 0; p < size; p++) mean[p]! /= list.length;
    let total = 0;
    for (const index of list) {
      const offset = index * size;
      for (let p = 0; p < size; p++) {
        const d = images.images[offset + p]! / 255 - mean[p]!;
        total += d * d;
      }
    }
    spreads.set(label, total / list.length);
  }

  const weightLabels = options.classWeights
    ? labelsOf(options.classWeights)
    : Array.from(pool, (i) => images.labels[i]!);
  const weights = new Map<number, number>();
  for (let i = 0; i < weightLabels.length; i++) {
    weights.set(weightLabels[i]!, (weights.get(weightLabels[i]!) ?? 0) + 1);
  }
  const missing = [...weights.keys()].filter((label) => !members.has(label)).sort((a, b) => a - b);
  if (missing.length > 0) throw new UnpairableLabelError(missing);

  const total = weightLabels.length;
  const labels = [...new Set([...members.keys(), ...weights.keys()])].sort((a, b) => a - b);
  const perClass = labels.map((label) => ({
    label,
    images: members.get(label)?.length ?? 0,
    weight: total === 0 ? 0 : (weights.get(label) ?? 0) / total,
    spread: spreads.get(label) ?? 0,
  }));
  return { perSample: perClass.reduce((sum, c) => sum + c.weight * c.spread, 0), perClass };
}
