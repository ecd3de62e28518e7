import { describe, expect, it } from 'vitest';
import { frameCount, padSignal } from './index';

describe('padSignal', () => {
  it("'reflect' matches numpy.pad, including pads longer than the signal", () => {
    // Expected values printed by numpy 2.4: np.pad([0, 1, 2], (5, 5), mode='reflect') and np.pad([7], 3, ...).
    expect(Array.from(padSignal(Float32Array.from([0, 1, 2]), 5, 'reflect'))).toEqual([
      1, 0, 1, 2, 1, 0, 1, 2, 1, 0, 1, 2, 1,
    ]);
    expect(Array.from(padSignal(Float32Array.from([7]), 3, 'reflect'))).toEqual([7, 7, 7, 7, 7, 7, 7]);
  });
  it("'constant' pads zeros and frameCount follows librosa", () => {
    expect(Array.from(padSignal(Float32Array.from([1, 2]), 2, 'constant'))).toEqual([0, 0, 1, 2, 0, 0]);
    expect(frameCount(1000 + 512, 512, 128)).toBe(1 + Math.floor(1000 / 128));
    expect(frameCount(100, 512, 128)).toBe(0);
  });
});
