/**
 * Seeded shuffles and checks on top of @ifa/core's generators, whose exact streams are part of this
 * package's contract (a split or a pairing named by its seed must stay the same across releases).
 */
import { createRng, type Rng } from '@ifa/core';
import { InvalidOptionError } from '../errors';

export { deriveSeed } from '@ifa/core/internal';
export { createRng, type Rng };

/** Fisher-Yates shuffle, in place; returns the same array. */
export function shuffleInPlace<T extends { length: number; [i: number]: unknown }>(array: T, rng: Rng): T {
  for (let i = array.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const tmp = array[i];
    array[i] = array[j];
    array[j] = tmp;
  }
  return array;
}

/** A permutation of 0..n-1. */
export function permutation(n: number, rng: Rng): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  return shuffleInPlace(order, rng);
}

export function assertSeed(seed: unknown, option: string): number {
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) {
    throw new InvalidOptionError({ option, value: seed, expected: 'a safe integer seed' });
  }
  return seed;
}
