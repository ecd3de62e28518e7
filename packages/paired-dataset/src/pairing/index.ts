import { InvalidOptionError, UnpairableLabelError } from '../errors';
import { assertSeed, createRng, deriveSeed } from '../random';

/**
 * - `'random'`: every recording gets a fresh same-label image at every epoch, drawn from a stream seeded by
 *   (seed, epoch), so epoch 3 is the same on every run.
 * - `'one-to-one'`: the original project's fixed pairing. The k-th recording of a label is paired with the
 *   k-th image of that label, in the order of the two sets, for every epoch; when there are fewer images
 *   than recordings of a label, images are reused cyclically (k mod n). The seed is not used.
 */
export type PairingStrategy = 'random' | 'one-to-one';

export interface PairByLabelOptions {
  strategy?: PairingStrategy;
  seed?: number;
}

/** Anything labelled: an array of records, or a set with a `labels` array. */
export type LabelSource = readonly { label: number }[] | { labels: ArrayLike<number> };

export interface LabelPairing {
  readonly strategy: PairingStrategy;
  readonly seed: number;
  /** Number of audio items paired. */
  readonly size: number;
  /** For every audio item (in order), the index of its image in the image set, for that epoch. */
  imageIndicesForEpoch(epoch: number): Int32Array;
}

export function labelsOf(source: LabelSource): ArrayLike<number> {
  if (Array.isArray(source)) return (source as readonly { label: number }[]).map((item) => item.label);
  return (source as { labels: ArrayLike<number> }).labels;
}

/**
 * Pairs every audio item with an image of the same label. Pair the training audio with training images
 * and the test audio with test images: a pairing only ever draws from the image set it is given, so two
 * disjoint image sets (see splitImageSet / loadDigitPairs) keep test images out of training.
 */
export function pairByLabel(
  audio: LabelSource,
  images: LabelSource,
  options: PairByLabelOptions = {},
): LabelPairing {
  const strategy = options.strategy ?? 'random';
  if (strategy !== 'random' && strategy !== 'one-to-one') {
    throw new InvalidOptionError({
      option: 'strategy',
      value: strategy,
      expected: "'random' or 'one-to-one'",
    });
  }
  const seed = assertSeed(options.seed ?? 0, 'seed');
  const audioLabels = Int32Array.from(labelsOf(audio));
  const imageLabels = labelsOf(images);

  const imagesByLabel = new Map<number, number[]>();
  for (let i = 0; i < imageLabels.length; i++) {
    const list = imagesByLabel.get(imageLabels[i]!) ?? [];
    list.push(i);
    imagesByLabel.set(imageLabels[i]!, list);
  }
  const missing = [...new Set(audioLabels)]
    .filter((label) => !imagesByLabel.has(label))
    .sort((a, b) => a - b);
  if (missing.length > 0) throw new UnpairableLabelError(missing);
  const pools = Array.from(audioLabels, (label) => imagesByLabel.get(label)!);

  if (strategy === 'one-to-one') {
    const fixed = new Int32Array(audioLabels.length);
    const seen = new Map<number, number>();
    for (let i = 0; i < audioLabels.length; i++) {
      const k = seen.get(audioLabels[i]!) ?? 0;
      seen.set(audioLabels[i]!, k + 1);
      const pool = pools[i]!;
      fixed[i] = pool[k % pool.length]!;
    }
    return {
      strategy,
      seed,
      size: audioLabels.length,
      imageIndicesForEpoch: () => fixed.slice(),
    };
  }

  return {
    strategy,
    seed,
    size: audioLabels.length,
    imageIndicesForEpoch(epoch: number): Int32Array {
      if (!Number.isSafeInteger(epoch) || epoch < 0) {
        throw new InvalidOptionError({ option: 'epoch', value: epoch, expected: 'a non-negative integer' });
      }
      const rng = createRng(deriveSeed(seed, epoch, 0x70a1));
      const chosen = new Int32Array(audioLabels.length);
      for (let i = 0; i < chosen.length; i++) {
        const pool = pools[i]!;
        chosen[i] = pool[rng.int(pool.length)]!;
      }
      return chosen;
    },
  };
}
