/**
 * Derives independent 32-bit seeds from a run seed and a path of integers (epoch, step, purpose), so any
 * random draw in training can be recomputed from its position alone. That is what lets a resumed run
 * reproduce an uninterrupted one without saving generator state.
 */
export function deriveSeed(seed: number, ...path: number[]): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (const part of [...path, path.length]) {
    // splitmix32 finaliser over the running hash mixed with each part.
    h = (h + Math.imul(part >>> 0, 0x85ebca6b) + 0x6d2b79f5) >>> 0;
    h = Math.imul(h ^ (h >>> 16), 0x21f0aaad) >>> 0;
    h = Math.imul(h ^ (h >>> 15), 0x735a2d97) >>> 0;
    h = (h ^ (h >>> 15)) >>> 0;
  }
  return h;
}

/** Purposes of random draws, so e.g. the critic's noise and the generator's noise never share a stream. */
export const SeedPurpose = {
  init: 1,
  shuffle: 2,
  generatorNoise: 3,
  criticNoise: 4,
  gradientPenalty: 5,
  reparameterize: 6,
  samples: 7,
} as const;

/** mulberry32: a tiny, well-mixed 32-bit PRNG giving numbers in [0, 1); plenty for initialisation and shuffles. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
