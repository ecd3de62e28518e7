import { describe, expect, it } from 'vitest';
import { InvalidOptionError, powerToDb } from '../index';

describe('powerToDb', () => {
  it('computes 10 log10(S / ref) with the amin floor', () => {
    const db = powerToDb(Float32Array.from([1, 10, 0.001, 0]), { topDb: null });
    expect(Array.from(db)).toEqual([0, 10, -30, -100].map(Math.fround));
  });
  it("ref 'max' puts the peak at 0 dB and topDb clips below it", () => {
    const db = powerToDb(Float32Array.from([100, 1, 1e-12]), { ref: 'max', topDb: 30 });
    expect(Array.from(db)).toEqual([0, -20, -30]);
  });
  it('amin also floors the reference, and a numeric ref uses its magnitude', () => {
    expect(powerToDb(Float32Array.from([1]), { ref: 0, topDb: null })[0]).toBeCloseTo(100, 4);
    expect(powerToDb(Float32Array.from([4]), { ref: -4 })[0]).toBe(0);
  });
  it('rejects amin <= 0 and negative topDb', () => {
    expect(() => powerToDb(new Float32Array(1), { amin: 0 })).toThrow(InvalidOptionError);
    expect(() => powerToDb(new Float32Array(1), { topDb: -1 })).toThrow(/topDb/);
  });
});

describe('powerToDb log', () => {
  it('equals 10 log10 to float32 rounding over the float32 range', () => {
    const values = new Float32Array(200_000);
    let a = 1;
    for (let i = 0; i < values.length; i++) {
      a = (a * 1103515245 + 12345) >>> 0;
      values[i] = 2 ** ((a / 2 ** 32) * 250 - 125);
    }
    values[0] = 0;
    values[1] = Number.POSITIVE_INFINITY;
    values[2] = 1e-45;
    const db = powerToDb(values, { amin: 1e-40, topDb: null });
    expect(db[0]).toBe(-400);
    expect(db[1]).toBe(Number.POSITIVE_INFINITY);
    for (let i = 2; i < values.length; i++) {
      const expected = Math.fround(10 * Math.log10(Math.max(1e-40, values[i]!)));
      expect(Math.abs(db[i]! - expected)).toBeLessThanOrEqual(Math.abs(expected) * 2 ** -23);
    }
  });
});
