/** mulberry32: a tiny, well-mixed 32-bit PRNG; plenty for weight initialisation. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Runs `build` with `Math.random` replaced by a seeded generator, then restores it.
 *
 * Why: tfjs-layers initialisers draw their seeds from `Math.random` when none is configured, and
 * @ifa/models builds layers without per-layer seeds, so this is the only way to make a fresh model's
 * weights a function of the run seed. `build` must be synchronous (model construction is), so no other
 * code can observe the swap.
 */
export function withSeededMathRandom<T>(seed: number, build: () => T): T {
  const original = Math.random;
  Math.random = mulberry32(seed);
  try {
    const result = build();
    if (result instanceof Promise) throw new Error('withSeededMathRandom needs a synchronous builder');
    return result;
  } finally {
    Math.random = original;
  }
}
