import { mulberry32 } from '../rng';

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
