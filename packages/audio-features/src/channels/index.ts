import { InvalidOptionError } from '../errors/invalid-option-error';
import type { DecodedAudio } from '../wav';

/** Mixes all channels down to one by averaging them (the same as librosa.to_mono). */
export function toMono(audio: DecodedAudio): Float32Array {
  const channels = audio.channelData;
  if (channels.length === 0) throw new InvalidOptionError('toMono needs at least one channel, got none.');
  const first = channels[0]!;
  if (channels.length === 1) return first.slice();
  const length = first.length;
  for (const channel of channels) {
    if (channel.length !== length) {
      throw new InvalidOptionError(
        `toMono needs channels of equal length; got ${channels.map((c) => c.length).join(', ')}.`,
      );
    }
  }
  const sum = new Float64Array(length);
  for (const channel of channels) for (let i = 0; i < length; i++) sum[i]! += channel[i]!;
  const mono = new Float32Array(length);
  const scale = 1 / channels.length;
  for (let i = 0; i < length; i++) mono[i] = sum[i]! * scale;
  return mono;
}
