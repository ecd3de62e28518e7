import { InvalidOptionError } from '@ifa/core';
import { describe, expect, it } from 'vitest';
import { augmentSpectrograms, DEFAULT_AUGMENTATION, resolveAugmentation } from './index';

const OFF = {
  timeShift: 0,
  bandShift: 0,
  speed: 0,
  timeMasks: 0,
  timeMaskWidth: 0,
  frequencyMasks: 0,
  frequencyMaskWidth: 0,
  noise: 0,
};

/** Three 6 x 8 examples with distinct, non-zero values. */
function batch(): Float32Array {
  return Float32Array.from({ length: 3 * 6 * 8 }, (_, i) => 0.1 + (0.8 * ((i * 37) % 97)) / 97);
}
const SHAPE = [3, 6, 8] as const;

describe('augmentSpectrograms', () => {
  it('is a function of the seed: same seed, same batch; another seed, another batch; input untouched', () => {
    const input = batch();
    const copy = input.slice();
    const a = augmentSpectrograms(input, SHAPE, DEFAULT_AUGMENTATION, 7);
    const b = augmentSpectrograms(input, SHAPE, DEFAULT_AUGMENTATION, 7);
    const c = augmentSpectrograms(input, SHAPE, DEFAULT_AUGMENTATION, 8);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(input).toEqual(copy);
  });

  it('keeps the shape and the [0, 1] range', () => {
    const out = augmentSpectrograms(batch(), SHAPE, { ...DEFAULT_AUGMENTATION, noise: 0.5 }, 1);
    expect(out.length).toBe(3 * 6 * 8);
    expect(Math.min(...out)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...out)).toBeLessThanOrEqual(1);
  });

  it('with every transform off it is the identity', () => {
    const input = batch();
    expect(augmentSpectrograms(input, SHAPE, OFF, 3)).toEqual(input);
  });

  it('a time shift moves columns and fills the vacated ones with 0', () => {
    const input = batch().subarray(0, 48);
    // timeShift 1: each example moves by -1, 0 or +1 columns; over many seeds all three appear.
    const seen = new Set<number>();
    for (let seed = 0; seed < 30; seed++) {
      const out = augmentSpectrograms(input, [1, 6, 8], { ...OFF, timeShift: 1 }, seed);
      const first = input;
      const shift = [-1, 0, 1].find((d) =>
        Array.from({ length: 6 * 8 }, (_, i) => i).every((i) => {
          const x = i % 8;
          const expected = x - d >= 0 && x - d < 8 ? first[i - d]! : 0;
          return Math.abs(out[i]! - expected) < 1e-6;
        }),
      );
      expect(shift, `seed ${seed}`).toBeDefined();
      seen.add(shift!);
    }
    expect([...seen].sort()).toEqual([-1, 0, 1]);
  });

  it('masks zero whole rows and columns', () => {
    const out = augmentSpectrograms(
      batch().subarray(0, 48),
      [1, 6, 8],
      { ...OFF, timeMasks: 1, timeMaskWidth: 8, frequencyMasks: 0 },
      4,
    );
    const zeroColumns = Array.from({ length: 8 }, (_, x) => x).filter((x) =>
      Array.from({ length: 6 }, (_, y) => out[y * 8 + x]).every((v) => v === 0),
    );
    const zeros = out.filter((v) => v === 0).length;
    expect(zeros).toBe(zeroColumns.length * 6);
  });

  it('refuses a wrong length and bad options, naming them', () => {
    expect(() => augmentSpectrograms(new Float32Array(5), SHAPE, OFF, 0)).toThrow(InvalidOptionError);
    expect(() => resolveAugmentation({ timeShift: -1 })).toThrow(/augment\.timeShift/);
    expect(() => resolveAugmentation({ speed: 1 })).toThrow(/augment\.speed/);
    expect(() => resolveAugmentation({ timeMasks: 1.5 })).toThrow(/augment\.timeMasks/);
    expect(() => resolveAugmentation({ typo: 1 } as never)).toThrow(/augment\.typo/);
    expect(resolveAugmentation(true)).toEqual(DEFAULT_AUGMENTATION);
    expect(resolveAugmentation({ noise: 0 }).noise).toBe(0);
  });
});
