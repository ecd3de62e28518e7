import { InvalidOptionError } from '@ifa/core';
import type { DecodedAudio } from '../wav';

/** Mixes all channels down to one by averaging them (the same as librosa.to_mono). */
export function toMono(audio: DecodedAudio): Float32Array {
  const channels = audio.channelData;
  if (channels.length === 0) {
    throw new InvalidOptionError({
      option: 'audio.channelData',
      value: channels,
      expected: 'at least one channel',
    });
  }
  const first = channels[0]!;
  if (channels.length === 1) return first.slice();
  const length = first.length;
  for (const channel of channels) {
    if (channel.length !== length) {
      throw new InvalidOptionError({
        option: 'audio.channelData',
        value: `channels of ${channels.map((c) => c.length).join(', ')} samples`,
        expected: 'channels of equal length',
      });
    }
  }
  const sum = new Float64Array(length);
  for (const channel of channels) for (let i = 0; i < length; i++) sum[i]! += channel[i]!;
  const mono = new Float32Array(length);
  const scale = 1 / channels.length;
  for (let i = 0; i < length; i++) mono[i] = sum[i]! * scale;
  return mono;
}
