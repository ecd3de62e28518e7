import { describe, expect, it } from 'vitest';
import { InvalidOptionError } from '../index';
import { hzToMel, melFilterBank, melToHz } from './index';

describe('mel scale', () => {
  it('matches the published Slaney and HTK formulas at known points', () => {
    expect(hzToMel(1000)).toBeCloseTo(15, 12);
    expect(hzToMel(200 / 3)).toBeCloseTo(1, 12);
    expect(hzToMel(6400)).toBeCloseTo(15 + 27, 12); // log step is ln(6.4) / 27
    expect(hzToMel(700, true)).toBeCloseTo(2595 * Math.log10(2), 12);
    for (const hz of [0, 50, 999, 1000, 4000, 11025]) {
      expect(melToHz(hzToMel(hz))).toBeCloseTo(hz, 9);
      expect(melToHz(hzToMel(hz, true), true)).toBeCloseTo(hz, 9);
    }
  });
});

describe('melFilterBank', () => {
  it('has shape [nMels][nFft/2+1] with triangles peaking in increasing order', () => {
    const nMels = 10;
    const bins = 257;
    const bank = melFilterBank({ sampleRate: 16000, nFft: 512, nMels, norm: null });
    expect(bank).toHaveLength(nMels * bins);
    let previousPeak = -1;
    for (let m = 0; m < nMels; m++) {
      const row = bank.subarray(m * bins, (m + 1) * bins);
      const peak = row.indexOf(Math.max(...row));
      expect(peak).toBeGreaterThan(previousPeak);
      previousPeak = peak;
      expect(Math.max(...row)).toBeLessThanOrEqual(1);
      expect(Math.max(...row)).toBeGreaterThan(0.5);
      expect(Math.min(...row)).toBeGreaterThanOrEqual(0);
    }
  });

  it("'slaney' norm scales each unnormalised triangle by 2 / (its width in Hz)", () => {
    const options = { sampleRate: 8000, nFft: 256, nMels: 28 };
    const plain = melFilterBank({ ...options, norm: null });
    const slaney = melFilterBank(options);
    const minMel = hzToMel(0);
    const maxMel = hzToMel(4000);
    for (const m of [0, 13, 27]) {
      const lower = melToHz(minMel + ((maxMel - minMel) * m) / 29);
      const upper = melToHz(minMel + ((maxMel - minMel) * (m + 2)) / 29);
      const k = plain.subarray(m * 129, (m + 1) * 129).findIndex((v) => v > 0.1);
      expect(slaney[m * 129 + k]! / plain[m * 129 + k]!).toBeCloseTo(2 / (upper - lower), 5);
    }
  });

  it('rejects bad options with a message naming them', () => {
    expect(() => melFilterBank({ sampleRate: 8000, nFft: 0, nMels: 4 })).toThrow(InvalidOptionError);
    expect(() => melFilterBank({ sampleRate: 8000, nFft: 256, nMels: 4, fMin: 5000, fMax: 4000 })).toThrow(
      'Invalid fMax: 4000. Expected a finite number above fMin (5000 Hz).',
    );
  });
});
