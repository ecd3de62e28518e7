import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeWav, WavFormatError } from '../index';
import { encodeWav } from './encode';

const fixture = (name: string) =>
  new Uint8Array(readFileSync(new URL(`../__fixtures__/fsdd/${name}`, import.meta.url)));

describe('decodeWav', () => {
  it('decodes an FSDD recording: 8 kHz mono 16-bit, length from the data chunk', () => {
    const bytes = fixture('7_jackson_32.wav');
    const audio = decodeWav(bytes);
    expect(audio.sampleRate).toBe(8000);
    expect(audio.channelData).toHaveLength(1);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    // Find the data chunk independently and compare sample values.
    let offset = 12;
    while (String.fromCharCode(...bytes.subarray(offset, offset + 4)) !== 'data') {
      offset += 8 + view.getUint32(offset + 4, true);
    }
    const frames = view.getUint32(offset + 4, true) / 2;
    expect(audio.channelData[0]!.length).toBe(frames);
    for (const i of [0, 1, 100, frames - 1]) {
      expect(audio.channelData[0]![i]).toBe(view.getInt16(offset + 8 + 2 * i, true) / 32768);
    }
  });

  it('accepts an ArrayBuffer and a Uint8Array view with an offset', () => {
    const bytes = fixture('0_george_0.wav');
    const padded = new Uint8Array(bytes.length + 3);
    padded.set(bytes, 3);
    const fromView = decodeWav(padded.subarray(3));
    const fromBuffer = decodeWav(bytes.slice().buffer);
    expect(fromView.channelData[0]).toEqual(fromBuffer.channelData[0]);
  });

  it('round-trips 16-bit PCM and float32 stereo through encodeWav', () => {
    const left = Float32Array.from([0, 0.5, -0.5, -1, 0.25]);
    const right = Float32Array.from([0.125, -0.125, 0.75, 0, -0.75]);
    for (const format of ['pcm16', 'float32'] as const) {
      const audio = decodeWav(encodeWav({ sampleRate: 44100, channelData: [left, right] }, { format }));
      expect(audio.sampleRate).toBe(44100);
      expect(audio.channelData[0]).toEqual(left);
      expect(audio.channelData[1]).toEqual(right);
    }
  });

  it('throws WavFormatError naming a wrong magic', () => {
    const bytes = fixture('0_george_0.wav').slice();
    bytes[0] = 'X'.charCodeAt(0);
    expect(() => decodeWav(bytes)).toThrow(WavFormatError);
    expect(() => decodeWav(bytes)).toThrow(/wrong magic "XIFF"/);
  });
});
