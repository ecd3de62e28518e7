import { describe, expect, it } from 'vitest';
import { InvalidOptionError, toMono } from '../index';

describe('toMono', () => {
  it('averages channels', () => {
    const mono = toMono({
      sampleRate: 8000,
      channelData: [
        Float32Array.from([1, 0, -1]),
        Float32Array.from([0, 0.5, 1]),
        Float32Array.from([0.5, 1, 0]),
      ],
    });
    expect(Array.from(mono)).toEqual([0.5, 0.5, 0].map((v) => Math.fround(v)));
  });
  it('copies a single channel rather than aliasing it', () => {
    const channel = Float32Array.from([0.25, -0.25]);
    const mono = toMono({ sampleRate: 8000, channelData: [channel] });
    mono[0] = 1;
    expect(channel[0]).toBe(0.25);
  });
  it('rejects no channels and unequal lengths', () => {
    expect(() => toMono({ sampleRate: 1, channelData: [] })).toThrow(InvalidOptionError);
    expect(() => toMono({ sampleRate: 1, channelData: [new Float32Array(2), new Float32Array(3)] })).toThrow(
      /equal length/,
    );
  });
});
