import { InvalidOptionError } from '@ifa/core';
import type { DecodedAudio } from './index';

/**
 * Encodes audio as a 16-bit PCM (or 32-bit float) WAV. Used by tests and examples to round-trip audio;
 * samples outside [-1, 1) are clipped for PCM.
 */
export function encodeWav(audio: DecodedAudio, options: { format?: 'pcm16' | 'float32' } = {}): Uint8Array {
  const format = options.format ?? 'pcm16';
  const channels = audio.channelData.length;
  if (channels === 0) {
    throw new InvalidOptionError({
      option: 'audio.channelData',
      value: audio.channelData,
      expected: 'at least one channel to encode',
    });
  }
  const frames = audio.channelData[0]!.length;
  const bytesPerSample = format === 'pcm16' ? 2 : 4;
  const blockAlign = channels * bytesPerSample;
  const dataSize = frames * blockAlign;
  const out = new Uint8Array(44 + dataSize);
  const view = new DataView(out.buffer);
  const writeId = (offset: number, id: string) => {
    for (let i = 0; i < 4; i++) out[offset + i] = id.charCodeAt(i);
  };
  writeId(0, 'RIFF');
  view.setUint32(4, 36 + dataSize, true);
  writeId(8, 'WAVE');
  writeId(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, format === 'pcm16' ? 1 : 3, true);
  view.setUint16(22, channels, true);
  view.setUint32(24, audio.sampleRate, true);
  view.setUint32(28, audio.sampleRate * blockAlign, true);
  view.setUint16(32, blockAlign, true);
  view.setUint16(34, bytesPerSample * 8, true);
  writeId(36, 'data');
  view.setUint32(40, dataSize, true);
  let p = 44;
  for (let i = 0; i < frames; i++) {
    for (let c = 0; c < channels; c++, p += bytesPerSample) {
      const sample = audio.channelData[c]![i] ?? 0;
      if (format === 'pcm16') {
        view.setInt16(p, Math.max(-32768, Math.min(32767, Math.round(sample * 32768))), true);
      } else {
        view.setFloat32(p, sample, true);
      }
    }
  }
  return out;
}
