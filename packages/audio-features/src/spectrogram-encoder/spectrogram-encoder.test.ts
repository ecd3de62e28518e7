import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SPECTROGRAM_ENCODER_CONFIG,
  decodeWav,
  InvalidOptionError,
  InvalidSignalError,
  resample,
  SpectrogramEncoder,
} from '../index';
import { noise, tone } from '../test-utils';

const digit = decodeWav(
  new Uint8Array(readFileSync(new URL('../__fixtures__/fsdd/7_jackson_32.wav', import.meta.url))),
);

describe('SpectrogramEncoder', () => {
  it('defaults to 28 x 28 at 8 kHz with values in [0, 1] that use the range', () => {
    const encoder = new SpectrogramEncoder();
    const image = encoder.encodeAudio(digit);
    expect(image.height).toBe(28);
    expect(image.width).toBe(28);
    expect(image.data).toHaveLength(784);
    expect(Math.min(...image.data)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...image.data)).toBe(1);
    expect(Math.min(...image.data)).toBeLessThan(0.5);
  });

  it('is deterministic and its config is plain resolved JSON', () => {
    const encoder = new SpectrogramEncoder({ nMels: 32 });
    expect(encoder.encodeAudio(digit).data).toEqual(encoder.encodeAudio(digit).data);
    const json = JSON.parse(JSON.stringify(encoder.config));
    expect(json).toEqual({ ...DEFAULT_SPECTROGRAM_ENCODER_CONFIG, nMels: 32 });
    expect(new SpectrogramEncoder(json).encodeAudio(digit).data).toEqual(encoder.encodeAudio(digit).data);
    expect(new SpectrogramEncoder({ sampleRate: 16000 }).config.fMax).toBe(8000);
  });

  it('draws low frequencies at the bottom', () => {
    const image = new SpectrogramEncoder().encode(tone(200, 8000, 4000), 8000);
    const rowMeans = Array.from({ length: 28 }, (_, r) => {
      let sum = 0;
      for (let c = 0; c < 28; c++) sum += image.data[r * 28 + c]!;
      return sum / 28;
    });
    expect(rowMeans.indexOf(Math.max(...rowMeans))).toBeGreaterThan(20);
  });

  it("'stretch' fills the width for short and long clips alike", () => {
    const encoder = new SpectrogramEncoder({ trimTopDb: null });
    for (const length of [1120, 18240]) {
      const image = encoder.encode(noise(length, length), 8000);
      for (const column of [0, 13, 27]) expect(image.data[14 * 28 + column]).toBeGreaterThan(0.5);
    }
  });

  it("'pad' centres a short clip between silent columns", () => {
    const encoder = new SpectrogramEncoder({ fit: 'pad', trimTopDb: null });
    const image = encoder.encode(noise(640, 1), 8000); // 11 frames with center padding
    expect(image.data[14 * 28 + 0]).toBe(0);
    expect(image.data[14 * 28 + 27]).toBe(0);
    expect(image.data[14 * 28 + 13]).toBeGreaterThan(0.5);
  });

  it('trims leading and trailing silence before stretching', () => {
    const padded = new Float32Array(digit.channelData[0]!.length + 8000);
    padded.set(digit.channelData[0]!, 4000);
    const encoder = new SpectrogramEncoder();
    const a = encoder.encodeAudio(digit).data;
    const b = encoder.encode(padded, 8000).data;
    let maxDiff = 0;
    for (let i = 0; i < a.length; i++) maxDiff = Math.max(maxDiff, Math.abs(a[i]! - b[i]!));
    expect(maxDiff).toBeLessThan(0.15);
  });

  it('resamples other rates: a 16 kHz copy encodes close to the 8 kHz original', () => {
    const original = digit.channelData[0]!;
    const upsampled = resample(original, 8000, 16000);
    // Without trimming: a one-frame shift of the trim point would dominate the comparison.
    const encoder = new SpectrogramEncoder({ trimTopDb: null });
    const a = encoder.encode(original, 8000).data;
    const b = encoder.encode(upsampled, 16000).data;
    let sum = 0;
    for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
    expect(sum / a.length).toBeLessThan(0.005);
  });

  it('mixes channels down', () => {
    const mono = digit.channelData[0]!;
    const encoder = new SpectrogramEncoder();
    const stereo = encoder.encode([mono, mono], 8000);
    expect(stereo.data).toEqual(encoder.encode(mono, 8000).data);
  });

  it('encodes silence and empty input as zeros, rejects NaN and unknown options', () => {
    const encoder = new SpectrogramEncoder();
    expect(Math.max(...encoder.encode(new Float32Array(4000), 8000).data)).toBe(0);
    expect(Math.max(...encoder.encode(new Float32Array(0), 8000).data)).toBe(0);
    const bad = tone(440, 8000, 100);
    bad[50] = Number.NaN;
    expect(() => encoder.encode(bad, 8000)).toThrow(InvalidSignalError);
    expect(() => new SpectrogramEncoder({ nmels: 3 } as never)).toThrow(InvalidOptionError);
    expect(() => new SpectrogramEncoder({ fit: 'squash' } as never)).toThrow(/fit/);
  });
});
