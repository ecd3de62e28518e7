import { describe, expect, it } from 'vitest';
import {
  AudioTooLongError,
  cropWindows,
  DEFAULT_SPECTROGRAM_ENCODER_CONFIG,
  GENERAL_SOUND_ENCODER_CONFIG,
  InvalidOptionError,
  SpectrogramEncoder,
  windowStarts,
} from '../index';
import { noise, tone } from '../test-utils';

describe('GENERAL_SOUND_ENCODER_CONFIG', () => {
  it('is frozen, 64 x 64 at 16 kHz in pad mode, and otherwise the speech default', () => {
    expect(Object.isFrozen(GENERAL_SOUND_ENCODER_CONFIG)).toBe(true);
    expect(GENERAL_SOUND_ENCODER_CONFIG).toEqual({
      ...DEFAULT_SPECTROGRAM_ENCODER_CONFIG,
      sampleRate: 16000,
      nMels: 64,
      nFrames: 64,
      nFft: 512,
      hopLength: 256,
      winLength: 512,
      fMax: 8000,
      fit: 'pad',
      trimTopDb: null,
    });
    const encoder = new SpectrogramEncoder(GENERAL_SOUND_ENCODER_CONFIG);
    // Resolving changes nothing: the constant is already complete.
    expect(encoder.config).toEqual(GENERAL_SOUND_ENCODER_CONFIG);
    expect(encoder.shape).toEqual({ height: 64, width: 64 });
    expect(encoder.windowSamples()).toBe(16384);
    expect(encoder.windowSamples(8000)).toBe(8192);
  });

  it("'pad' has no default length limit, 'stretch' keeps 10 s, and an explicit limit is honoured", () => {
    const pad = new SpectrogramEncoder(GENERAL_SOUND_ENCODER_CONFIG);
    expect(pad.limits.maxDurationSeconds).toBeNull();
    const twelve = noise(12 * 16000, 3, 0.3);
    expect(pad.encode(twelve, 16000).width).toBe(64);
    expect(new SpectrogramEncoder().limits.maxDurationSeconds).toBe(10);
    expect(() => pad.encode(twelve, 16000, { maxDurationSeconds: 10 })).toThrow(AudioTooLongError);
    const limited = new SpectrogramEncoder(GENERAL_SOUND_ENCODER_CONFIG, { maxDurationSeconds: 5 });
    expect(() => limited.encode(twelve, 16000)).toThrow(AudioTooLongError);
  });
});

describe('windowStarts / cropWindows', () => {
  it('gives the whole clip when it fits one window, else the centre for one crop', () => {
    expect(windowStarts(100, { windowSamples: 100, maxCrops: 4 })).toEqual([0]);
    expect(windowStarts(30, { windowSamples: 100, maxCrops: 4 })).toEqual([0]);
    expect(windowStarts(0, { windowSamples: 100 })).toEqual([0]);
    expect(windowStarts(301, { windowSamples: 100 })).toEqual([100]);
    expect(windowStarts(300, { windowSamples: 100, maxCrops: 1 })).toEqual([100]);
  });

  it('spreads windows evenly from the first to the last sample, at least minStride apart', () => {
    expect(windowStarts(400, { windowSamples: 100, maxCrops: 4 })).toEqual([0, 100, 200, 300]);
    expect(windowStarts(250, { windowSamples: 100, maxCrops: 3 })).toEqual([0, 75, 150]);
    // 40 samples of slack and a 50-sample stride: room for one window only, the central one.
    expect(windowStarts(140, { windowSamples: 100, maxCrops: 4 })).toEqual([20]);
    // 2 s at 16 kHz in 1.02 s windows, half a window apart: two windows, first and last.
    expect(windowStarts(32000, { windowSamples: 16384, maxCrops: 4 })).toEqual([0, 15616]);
    expect(windowStarts(400, { windowSamples: 100, maxCrops: 8, minStride: 100 })).toEqual([
      0, 100, 200, 300,
    ]);
    for (const starts of [windowStarts(48_000, { windowSamples: 16384, maxCrops: 4 })]) {
      expect(starts).toHaveLength(4);
      expect(starts[0]).toBe(0);
      expect(starts.at(-1)).toBe(48_000 - 16384);
    }
  });

  it('rejects impossible options', () => {
    expect(() => windowStarts(10, { windowSamples: 0 })).toThrow(InvalidOptionError);
    expect(() => windowStarts(10, { windowSamples: 5, maxCrops: 0 })).toThrow(InvalidOptionError);
    expect(() => windowStarts(10.5, { windowSamples: 5 })).toThrow(InvalidOptionError);
    expect(() => windowStarts(10, { windowSamples: 5, minStride: 0 })).toThrow(InvalidOptionError);
  });

  it('cropWindows returns views of exactly windowSamples, or the whole short clip', () => {
    const samples = Float32Array.from({ length: 400 }, (_, i) => i);
    const windows = cropWindows(samples, { windowSamples: 100, maxCrops: 4 });
    expect(windows.map((w) => [w[0], w.length])).toEqual([
      [0, 100],
      [100, 100],
      [200, 100],
      [300, 100],
    ]);
    expect(windows[1]!.buffer).toBe(samples.buffer);
    expect(
      cropWindows(samples.subarray(0, 60), { windowSamples: 100, maxCrops: 4 }).map((w) => w.length),
    ).toEqual([60]);
  });
});

describe('SpectrogramEncoder.encodeWindows', () => {
  const encoder = new SpectrogramEncoder(GENERAL_SOUND_ENCODER_CONFIG);

  it('gives the images of encoding each cropped window', () => {
    // 3 s: a tone in the first half, noise in the second, so the windows differ.
    const clip = new Float32Array(48_000);
    clip.set(tone(440, 16000, 24_000), 0);
    clip.set(noise(24_000, 7, 0.2), 24_000);
    const images = encoder.encodeWindows(clip, 16000, { maxCrops: 4 });
    const starts = windowStarts(clip.length, { windowSamples: 16384, maxCrops: 4 });
    expect(images).toHaveLength(4);
    images.forEach((image, i) => {
      const expected = encoder.encode(clip.subarray(starts[i]!, starts[i]! + 16384), 16000);
      expect([image.height, image.width]).toEqual([64, 64]);
      expect(image.data).toEqual(expected.data);
    });
    expect(images[0]!.data).not.toEqual(images[3]!.data);
    // Windows of a clip at another rate are cut at that rate (8192 samples at 8 kHz).
    const low = noise(8000 * 3, 2, 0.3);
    const lowImages = encoder.encodeWindows(low, 8000, { maxCrops: 2 });
    expect(lowImages[1]!.data).toEqual(encoder.encode(low.subarray(24_000 - 8192), 8000).data);
  });

  it('pads a clip shorter than a window into one image with silent columns either side', () => {
    const short = noise(8000, 5, 0.3); // 0.5 s: about 32 of the 64 columns
    const images = encoder.encodeWindows(short, 16000, { maxCrops: 4 });
    expect(images).toHaveLength(1);
    expect(images[0]!.data).toEqual(encoder.encode(short, 16000).data);
    const column = (c: number) => {
      let sum = 0;
      for (let r = 0; r < 64; r++) sum += images[0]!.data[r * 64 + c]!;
      return sum / 64;
    };
    expect(column(0)).toBe(0);
    expect(column(63)).toBe(0);
    expect(column(32)).toBeGreaterThan(0.3);
  });
});
