/** Deterministic pseudo-random numbers in [0, 1) for the kernel tests, so a failure reproduces from its seed. */
export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}
