import { describe, expect, it } from 'vitest';
import { melSpectrogram } from '../index';
import { melFilterBank } from '../mel';
import { noise, tone } from '../test-utils';

/** Straightforward O(n^2) mel spectrogram used as an independent check of framing, window and FFT. */
function directMelSpectrogram(
  signal: Float32Array,
  sampleRate: number,
  nFft: number,
  hop: number,
  nMels: number,
) {
  const pad = nFft / 2;
  const padded = new Float64Array(signal.length + 2 * pad);
  padded.set(signal, pad);
  const nFrames = 1 + Math.floor((padded.length - nFft) / hop);
  const bank = melFilterBank({ sampleRate, nFft, nMels });
  const bins = nFft / 2 + 1;
  const out = new Float64Array(nMels * nFrames);
  for (let t = 0; t < nFrames; t++) {
    const power = new Float64Array(bins);
    for (let k = 0; k < bins; k++) {
      let re = 0;
      let im = 0;
      for (let n = 0; n < nFft; n++) {
        const w = 0.5 - 0.5 * Math.cos((2 * Math.PI * n) / nFft);
        const x = padded[t * hop + n]! * w;
        re += x * Math.cos((2 * Math.PI * k * n) / nFft);
        im -= x * Math.sin((2 * Math.PI * k * n) / nFft);
      }
      power[k] = re * re + im * im;
    }
    for (let m = 0; m < nMels; m++) {
      let sum = 0;
      for (let k = 0; k < bins; k++) sum += bank[m * bins + k]! * power[k]!;
      out[m * nFrames + t] = sum;
    }
  }
  return { data: out, nFrames };
}

describe('melSpectrogram', () => {
  it('matches a direct DFT computation (power-of-two and odd nFft)', () => {
    const signal = noise(1000, 7);
    for (const nFft of [128, 96]) {
      const fast = melSpectrogram(signal, { sampleRate: 8000, nFft, hopLength: 40, nMels: 16 });
      const direct = directMelSpectrogram(signal, 8000, nFft, 40, 16);
      expect(fast.nFrames).toBe(direct.nFrames);
      expect(fast.nMels).toBe(16);
      for (let i = 0; i < direct.data.length; i++) {
        expect(Math.abs(fast.data[i]! - direct.data[i]!)).toBeLessThanOrEqual(1e-5 * direct.data[i]! + 1e-9);
      }
    }
  });

  it('uses librosa frame count 1 + floor((n + 2*(nFft/2) - nFft) / hop) and default hop nFft/4', () => {
    expect(melSpectrogram(new Float32Array(22050), { sampleRate: 22050 }).nFrames).toBe(
      1 + Math.floor(22050 / 512),
    );
    expect(melSpectrogram(new Float32Array(0), { sampleRate: 8000, nFft: 256 }).nFrames).toBe(1);
    expect(
      melSpectrogram(new Float32Array(100), { sampleRate: 8000, nFft: 256, center: false }).nFrames,
    ).toBe(0);
  });

  it('puts a tone in the band whose triangle covers it', () => {
    const spec = melSpectrogram(tone(1000, 8000, 4000), {
      sampleRate: 8000,
      nFft: 256,
      hopLength: 64,
      nMels: 28,
    });
    const t = Math.floor(spec.nFrames / 2);
    const column = Array.from({ length: 28 }, (_, m) => spec.data[m * spec.nFrames + t]!);
    const loudest = column.indexOf(Math.max(...column));
    const bank = melFilterBank({ sampleRate: 8000, nFft: 256, nMels: 28 });
    expect(bank[loudest * 129 + 32]).toBeGreaterThan(0); // bin 32 is 1000 Hz
  });

  it("'reflect' padding mirrors the signal around the edges", () => {
    const signal = noise(600, 3);
    const options = { sampleRate: 8000, nFft: 128, hopLength: 32, nMels: 8 } as const;
    const reflect = melSpectrogram(signal, { ...options, padMode: 'reflect' });
    const constant = melSpectrogram(signal, options);
    // The first frame differs (mirrored vs zeros); frames far from the edges agree.
    expect(reflect.data[0]).not.toBeCloseTo(constant.data[0]!, 6);
    expect(reflect.data[10]).toBe(constant.data[10]);
    // Reflected first frame equals the unpadded frame of a manually mirrored signal.
    const mirrored = new Float32Array(600 + 128);
    for (let i = 0; i < 64; i++) mirrored[i] = signal[64 - i]!;
    mirrored.set(signal, 64);
    for (let i = 0; i < 64; i++) mirrored[664 + i] = signal[598 - i]!;
    const manual = melSpectrogram(mirrored, { ...options, center: false });
    expect(manual.nFrames).toBe(reflect.nFrames);
    for (let m = 0; m < 8; m++) {
      expect(reflect.data[m * reflect.nFrames]).toBeCloseTo(manual.data[m * manual.nFrames]!, 6);
    }
  });

  it('power 1 gives magnitudes: mel of |X| with the same filters', () => {
    const signal = tone(500, 8000, 2048);
    const magnitude = melSpectrogram(signal, { sampleRate: 8000, nFft: 256, nMels: 1, power: 1, norm: null });
    const power = melSpectrogram(signal, { sampleRate: 8000, nFft: 256, nMels: 1, power: 2, norm: null });
    expect(magnitude.data[5]).toBeLessThan(power.data[5]!);
    expect(magnitude.data[5]).toBeGreaterThan(0);
  });
});
