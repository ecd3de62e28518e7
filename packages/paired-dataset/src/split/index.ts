import { InvalidOptionError } from '../errors';
import { type AudioRecord, compareRecords, FSDD_SPEAKERS } from '../fsdd';
import type { ImageSet } from '../mnist';
import { assertSeed, createRng, deriveSeed, shuffleInPlace } from '../random';

/**
 * - `'standard'`: FSDD's own split, takes 0-4 of every speaker and digit are the test set, 5-49 train.
 * - `{ heldOutSpeakers }`: every recording by these speakers is test, everything else train.
 * - `{ testFraction, seed }`: a seeded random split, stratified by label so every digit keeps the same
 *   proportion in both halves.
 */
export type FsddSplitScheme =
  | 'standard'
  | { heldOutSpeakers: readonly string[] }
  | { testFraction: number; seed: number };

/**
 * Parses the text form of a split, the one syntax of `ifa train --split` and `ifa evaluate --split`:
 * `standard`, `speakers:NAME[,NAME...]` (held-out speakers; `speaker:NAME` is accepted too) or
 * `fraction:F[:SEED]` (seeded stratified share, seed 0 by default). A scheme object is checked and
 * returned as is. {@link formatFsddSplit} gives the canonical text back. Throws `InvalidOptionError`
 * naming `option` (default `split`).
 */
export function parseFsddSplit(value: string | FsddSplitScheme, option = 'split'): FsddSplitScheme {
  const fail = (): never => {
    throw new InvalidOptionError({
      option,
      value,
      expected:
        `'standard', 'speakers:NAME[,NAME...]' with each NAME one of ${FSDD_SPEAKERS.join(', ')}, ` +
        "or 'fraction:F' with 0 < F < 1",
    });
  };
  if (typeof value !== 'string') {
    if (typeof value === 'object' && value !== null && 'heldOutSpeakers' in value) {
      if (!Array.isArray(value.heldOutSpeakers) || value.heldOutSpeakers.length === 0) fail();
      return value;
    }
    if (typeof value === 'object' && value !== null && 'testFraction' in value) {
      if (!(value.testFraction > 0 && value.testFraction < 1) || !Number.isSafeInteger(value.seed)) fail();
      return value;
    }
    return fail();
  }
  const text = value.trim();
  if (text === 'standard') return 'standard';
  const colon = text.indexOf(':');
  const kind = colon < 0 ? text : text.slice(0, colon);
  const rest = colon < 0 ? '' : text.slice(colon + 1);
  if (kind === 'speakers' || kind === 'speaker') {
    const names = rest.split(',').map((name) => name.trim().toLowerCase());
    const known = FSDD_SPEAKERS as readonly string[];
    if (names.length === 0 || names.some((name) => !known.includes(name))) return fail();
    return { heldOutSpeakers: [...new Set(names)] };
  }
  if (kind === 'fraction') {
    const [fraction = '', seed = '0', ...extra] = rest.split(':');
    const testFraction = Number(fraction);
    const seedNumber = Number(seed);
    if (
      extra.length > 0 ||
      fraction.trim() === '' ||
      !(testFraction > 0 && testFraction < 1) ||
      !/^\d+$/.test(seed) ||
      !Number.isSafeInteger(seedNumber)
    ) {
      return fail();
    }
    return { testFraction, seed: seedNumber };
  }
  return fail();
}

/** The canonical text of a split scheme: `standard`, `speakers:theo,george` or `fraction:0.1` (`:SEED` when not 0). */
export function formatFsddSplit(scheme: FsddSplitScheme): string {
  if (scheme === 'standard') return 'standard';
  if ('heldOutSpeakers' in scheme) return `speakers:${scheme.heldOutSpeakers.join(',')}`;
  return `fraction:${scheme.testFraction}${scheme.seed === 0 ? '' : `:${scheme.seed}`}`;
}

export interface Split<T> {
  train: T[];
  test: T[];
}

/** Takes 0-4 are FSDD's published test set. */
export const FSDD_STANDARD_TEST_TAKES = 5;

export function splitFsdd(records: readonly AudioRecord[], scheme: FsddSplitScheme): Split<AudioRecord> {
  const sorted = [...records].sort(compareRecords);
  if (scheme === 'standard') {
    return partition(sorted, (record) => record.take < FSDD_STANDARD_TEST_TAKES);
  }
  if (typeof scheme === 'object' && scheme !== null && 'heldOutSpeakers' in scheme) {
    const heldOut = new Set(scheme.heldOutSpeakers.map((speaker) => speaker.toLowerCase()));
    if (heldOut.size === 0) {
      throw new InvalidOptionError({
        option: 'heldOutSpeakers',
        value: scheme.heldOutSpeakers,
        expected: 'at least one speaker name',
      });
    }
    const present = new Set(sorted.map((record) => record.speaker));
    const unknown = [...heldOut].filter((speaker) => !present.has(speaker));
    if (unknown.length > 0) {
      throw new InvalidOptionError(
        {
          option: 'heldOutSpeakers',
          value: scheme.heldOutSpeakers,
          expected: `speakers present in the recordings: ${[...present].sort().join(', ')}`,
        },
        { hint: `There are no recordings by ${unknown.join(', ')}.` },
      );
    }
    return partition(sorted, (record) => heldOut.has(record.speaker));
  }
  if (typeof scheme === 'object' && scheme !== null && 'testFraction' in scheme) {
    return splitStratified(sorted, scheme);
  }
  throw new InvalidOptionError({
    option: 'scheme',
    value: scheme,
    expected: "'standard', { heldOutSpeakers } or { testFraction, seed }",
  });
}

function partition<T>(items: readonly T[], isTest: (item: T) => boolean): Split<T> {
  const split: Split<T> = { train: [], test: [] };
  for (const item of items) (isTest(item) ? split.test : split.train).push(item);
  return split;
}

export interface FractionSplitOptions {
  testFraction: number;
  seed: number;
}

function checkFraction(testFraction: number): void {
  if (!(testFraction > 0 && testFraction < 1)) {
    throw new InvalidOptionError({
      option: 'testFraction',
      value: testFraction,
      expected: 'a number strictly between 0 and 1',
    });
  }
}

/**
 * Seeded split stratified by label: within each label, round(n * testFraction) items go to test. The
 * result depends only on the input order, the labels and the seed.
 */
export function splitStratified<T extends { label: number }>(
  items: readonly T[],
  options: FractionSplitOptions,
): Split<T> {
  checkFraction(options.testFraction);
  const seed = assertSeed(options.seed, 'seed');
  const testIndices = stratifiedTestIndices(
    items.map((item) => item.label),
    options.testFraction,
    seed,
  );
  const split: Split<T> = { train: [], test: [] };
  items.forEach((item, index) => {
    (testIndices.has(index) ? split.test : split.train).push(item);
  });
  return split;
}

function stratifiedTestIndices(labels: ArrayLike<number>, testFraction: number, seed: number): Set<number> {
  const byLabel = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const list = byLabel.get(labels[i]!) ?? [];
    list.push(i);
    byLabel.set(labels[i]!, list);
  }
  const test = new Set<number>();
  for (const label of [...byLabel.keys()].sort((a, b) => a - b)) {
    const indices = byLabel.get(label)!;
    shuffleInPlace(indices, createRng(deriveSeed(seed, label)));
    const testCount = Math.round(indices.length * testFraction);
    for (const index of indices.slice(0, testCount)) test.add(index);
  }
  return test;
}

/** An image set restricted to some indices of its source, keeping provenance for leak checks. */
export interface ImageSubset extends ImageSet {
  /** Index of every image in the set it was taken from. */
  sourceIndices: Int32Array;
}

/** Copies the images at `indices` (in that order) into a new set. */
export function selectImages(set: ImageSet, indices: ArrayLike<number>): ImageSubset {
  const pixels = set.height * set.width * (set.channels ?? 1);
  const images = new Uint8Array(indices.length * pixels);
  const labels = new Uint8Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const source = indices[i]!;
    images.set(set.images.subarray(source * pixels, (source + 1) * pixels), i * pixels);
    labels[i] = set.labels[source]!;
  }
  // Fields are listed, not spread: per-image extras of the source (such as file paths) would be wrong here.
  return {
    images,
    labels,
    count: indices.length,
    height: set.height,
    width: set.width,
    channels: set.channels ?? 1,
    ...(set.classes && { classes: set.classes }),
    sourceIndices: Int32Array.from(indices),
  };
}

/**
 * Splits one image set into two disjoint pools, stratified by label and seeded. Used when only MNIST's
 * t10k images exist: the train pool and the test pool then never share an image.
 */
export function splitImageSet(
  set: ImageSet,
  options: FractionSplitOptions,
): { train: ImageSubset; test: ImageSubset } {
  checkFraction(options.testFraction);
  const seed = assertSeed(options.seed, 'seed');
  const testIndices = stratifiedTestIndices(set.labels, options.testFraction, seed);
  const train: number[] = [];
  const test: number[] = [];
  for (let i = 0; i < set.count; i++) (testIndices.has(i) ? test : train).push(i);
  return { train: selectImages(set, train), test: selectImages(set, test) };
}
