/** Purposes of random draws, so e.g. the critic's noise and the generator's noise never share a stream. */
export const SeedPurpose = {
  init: 1,
  shuffle: 2,
  generatorNoise: 3,
  criticNoise: 4,
  gradientPenalty: 5,
  reparameterize: 6,
  samples: 7,
  /** Which pairs the per-epoch test losses use, and the noise of their objectives. */
  evaluation: 8,
} as const;
