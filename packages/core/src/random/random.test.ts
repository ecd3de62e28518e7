import { describe, expect, it } from 'vitest';
import { createRng, deriveSeed, mulberry32 } from './index';

describe('seeded random numbers', () => {
  it('deriveSeed is a pure function of all its parts, in order', () => {
    expect(deriveSeed(7, 1, 2)).toBe(deriveSeed(7, 1, 2));
    const seeds = new Set([deriveSeed(7, 1, 2), deriveSeed(7, 2, 1), deriveSeed(7, 1), deriveSeed(8, 1, 2)]);
    expect(seeds.size).toBe(4);
    // Both 32-bit halves count.
    expect(deriveSeed(2 ** 32)).not.toBe(deriveSeed(0));
    for (const s of seeds) expect(Number.isInteger(s) && s >= 0 && s < 2 ** 32).toBe(true);
  });

  it('mulberry32 gives the same stream for the same seed, in [0, 1), roughly uniform', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const values = Array.from({ length: 10_000 }, () => a());
    expect(values.slice(0, 5)).toEqual(Array.from({ length: 5 }, () => b()));
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.02);
  });

  it('createRng mixes the seed first and draws integers below n', () => {
    const rng = createRng(1);
    expect(createRng(1).next()).toBe(rng.next());
    expect(createRng(1).next()).not.toBe(mulberry32(1)());
    const ints = Array.from({ length: 1000 }, () => rng.int(3));
    expect(new Set(ints)).toEqual(new Set([0, 1, 2]));
  });
});
