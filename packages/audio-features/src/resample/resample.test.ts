import { describe, expect, it } from 'vitest';
import { resample } from '../index';
import { rms, tone } from '../test-utils';

/** Amplitude of `frequency` in `signal` by correlation with sine and cosine over a central stretch. */
function amplitudeAt(signal: Float32Array, frequency: number, sampleRate: number): number {
  const from = Math.floor(signal.length / 4);
  const to = Math.floor((3 * signal.length) / 4);
  let re = 0;
  let im = 0;
  for (let i = from; i < to; i++) {
    const phase = (2 * Math.PI * frequency * i) / sampleRate;
    re += signal[i]! * Math.cos(phase);
    im += signal[i]! * Math.sin(phase);
  }
  return (2 * Math.hypot(re, im)) / (to - from);
}

describe('resample', () => {
  it('has length ceil(n * to / from) and returns a copy at equal rates', () => {
    expect(resample(new Float32Array(1001), 16000, 8000)).toHaveLength(501);
    expect(resample(new Float32Array(441), 44100, 8000)).toHaveLength(80);
    const x = tone(440, 8000, 100);
    const y = resample(x, 8000, 8000);
    expect(y).toEqual(x);
    expect(y).not.toBe(x);
  });

  it('keeps a passband tone (16 kHz -> 8 kHz) within 0.01 dB and at the right frequency', () => {
    const x = tone(1000, 16000, 16000, 0.5);
    const y = resample(x, 16000, 8000);
    const gainDb = 20 * Math.log10(amplitudeAt(y, 1000, 8000) / 0.5);
    expect(Math.abs(gainDb)).toBeLessThan(0.01);
    // Sample-exact phase: downsampling by 2 keeps every other sample of a band-limited tone.
    const mid = 4000;
    expect(Math.abs(y[mid]! - x[2 * mid]!)).toBeLessThan(1e-3);
  });

  it('removes content above the new Nyquist instead of aliasing it (>= 80 dB)', () => {
    // 5 kHz at 16 kHz would alias to 3 kHz at 8 kHz.
    const y = resample(tone(5000, 16000, 16000, 0.5), 16000, 8000);
    const aliasDb = 20 * Math.log10(amplitudeAt(y, 3000, 8000) / 0.5);
    expect(aliasDb).toBeLessThan(-80);
  });

  it('upsamples 8 kHz -> 44.1 kHz preserving a tone', () => {
    const y = resample(tone(440, 8000, 8000, 0.5), 8000, 44100);
    expect(y).toHaveLength(44100);
    expect(Math.abs(amplitudeAt(y, 440, 44100) - 0.5)).toBeLessThan(1e-3);
    expect(rms(y, 10000, 30000)).toBeCloseTo(0.5 / Math.SQRT2, 3);
  });

  it('non-integer rates (interpolated filter table) agree with the exact polyphase path', () => {
    const x = tone(700, 16000, 4000, 0.5);
    const exact = resample(x, 16000, 8000);
    const interpolated = resample(x, 16000.5, 8000.25); // same ratio, not integers
    expect(interpolated).toHaveLength(exact.length);
    let worst = 0;
    for (let i = 0; i < exact.length; i++) worst = Math.max(worst, Math.abs(exact[i]! - interpolated[i]!));
    expect(worst).toBeLessThan(1e-4);
  });

  it('44.1 kHz -> 8 kHz: unity passband gain and no alias of a 7 kHz tone', () => {
    const pass = resample(tone(2000, 44100, 22050, 0.5), 44100, 8000);
    expect(Math.abs(20 * Math.log10(amplitudeAt(pass, 2000, 8000) / 0.5))).toBeLessThan(0.01);
    const alias = resample(tone(7000, 44100, 22050, 0.5), 44100, 8000);
    expect(20 * Math.log10(amplitudeAt(alias, 1000, 8000) / 0.5)).toBeLessThan(-80);
  });
});
