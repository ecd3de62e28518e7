/**
 * Seeded randomness shared by every @ifa package. Hand-written on purpose: the exact streams are part
 * of the contract (a split, a pairing or a training run named by its seed must stay the same across
 * releases), so they must not change when a third-party generator is upgraded.
 */

/**
 * Mixes a seed and any number of integers (epoch, step, purpose...) into one independent 32-bit seed
 * (a murmur3-style finaliser per part), so any random draw can be recomputed from its position alone.
 * Parts beyond 2^32 still matter: both halves are folded in.
 */
export function deriveSeed(...parts: readonly number[]): number {
  let h = 0x9e3779b9;
  for (const part of parts) {
    const lo = part >>> 0;
    const hi = Math.floor(part / 2 ** 32) >>> 0;
    for (const word of [lo, hi]) {
      let k = Math.imul(word, 0xcc9e2d51);
      k = (k << 15) | (k >>> 17);
      k = Math.imul(k, 0x1b873593);
      h ^= k;
      h = (h << 13) | (h >>> 19);
      h = (Math.imul(h, 5) + 0xe6546b64) | 0;
    }
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** mulberry32: a tiny, well-mixed 32-bit generator of numbers in [0, 1), used as is (no re-mixing). */
export function mulberry32(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Rng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
}

/** A generator for `seed` (mixed first, so nearby seeds give unrelated streams). */
export function createRng(seed: number): Rng {
  const next = mulberry32(deriveSeed(seed));
  return { next, int: (n: number) => Math.floor(next() * n) };
}
