import { InvalidOptionError } from '@ifa/core';
import * as tfl from '@tensorflow/tfjs-layers';
import { deriveSeed } from '../random';

/** What tfjs-layers accepts as a `kernelInitializer` (an initializer object or a registered name). */
export type LayerInitializer = NonNullable<Parameters<typeof tfl.layers.dense>[0]['kernelInitializer']>;

/**
 * The weight initializers of one model build. Every call returns a new initializer object; with a seed,
 * each gets its own sub-seed `deriveSeed(seed, n)` where `n` counts the initializers handed out so far, so
 * the weights of a build are a function of the seed and the (fixed) order in which the builder asks for
 * layers. Without a seed, the initializers are exactly the unseeded ones tfjs used before (fresh draws).
 * Created once per `create*` call and passed down the architecture builders; nothing global is touched.
 */
export interface SeededInitializers {
  /** The build seed, or `undefined` for unseeded initializers. */
  readonly seed: number | undefined;
  /** N(0, 0.02): conv and transposed-conv kernels, as the original's `initialize_weights`. */
  ganKernel(): LayerInitializer;
  /** Glorot uniform, tfjs' default kernel initializer (dense layers, the digit classifier's convs). */
  glorotUniform(): LayerInitializer;
}

/** Throws `InvalidOptionError` (option `seed`) unless `seed` is `undefined` or an integer. */
export function checkModelSeed(seed: number | undefined): void {
  if (seed !== undefined && !Number.isInteger(seed)) {
    throw new InvalidOptionError(
      { option: 'seed', value: seed, expected: 'an integer' },
      { hint: 'The seed of the initial weights; leave it out for fresh random weights.' },
    );
  }
}

/** Initializers for one build; pass the user's `seed` (or `undefined` for unseeded weights). */
export function seededInitializers(seed?: number): SeededInitializers {
  checkModelSeed(seed);
  let counter = 0;
  // tfjs' normal generator treats seed 0 as "no seed" (it falls back to Math.random), so never hand out 0.
  const next = (): number | undefined => (seed === undefined ? undefined : deriveSeed(seed, counter++) || 1);
  return {
    seed,
    ganKernel() {
      const s = next();
      return tfl.initializers.randomNormal(
        s === undefined ? { mean: 0, stddev: 0.02 } : { mean: 0, stddev: 0.02, seed: s },
      );
    },
    glorotUniform() {
      const s = next();
      // Unseeded: the name, i.e. exactly the layer default (same object, same saved config as before).
      return s === undefined ? 'glorotUniform' : tfl.initializers.glorotUniform({ seed: s });
    },
  };
}
