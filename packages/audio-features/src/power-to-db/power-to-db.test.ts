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
