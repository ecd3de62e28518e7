import { InvalidOptionError } from '@ifa/core';

/** How the signal is extended at both ends when `center` is true: zeros, or a mirror without the edge. */
export type PadMode = 'constant' | 'reflect';

/** numpy.pad's 'reflect' index for position `i` of a signal of `length` samples (repeats for long pads). */
function reflectIndex(i: number, length: number): number {
  if (length === 1) return 0;
  const period = 2 * (length - 1);
  let j = i % period;
  if (j < 0) j += period;
  return j < length ? j : period - j;
}

/**
 * The signal padded by `pad` samples on both sides (librosa's `center=True`), in float64 so frames can be
 * read without bounds checks.
 */
export function padSignal(signal: Float32Array, pad: number, mode: PadMode): Float64Array {
  const length = signal.length;
  const out = new Float64Array(length + 2 * pad);
  for (let i = 0; i < length; i++) out[pad + i] = signal[i]!;
  if (mode === 'reflect') {
    if (length > 0) {
      for (let i = 0; i < pad; i++) {
        out[i] = signal[reflectIndex(i - pad, length)]!;
        out[pad + length + i] = signal[reflectIndex(length + i, length)]!;
      }
    }
  } else if (mode !== 'constant') {
    throw new InvalidOptionError({ option: 'padMode', value: mode, expected: "'constant' or 'reflect'" });
  }
  return out;
}

export function assertPadMode(mode: PadMode): void {
  if (mode !== 'constant' && mode !== 'reflect') {
    throw new InvalidOptionError({ option: 'padMode', value: mode, expected: "'constant' or 'reflect'" });
  }
}

/**
 * Writes samples `start .. start + out.length` of `signal` padded as {@link padSignal} does (so `start`
 * may be negative, or run past the end) into `out`: for the few frames that overlap the padding, so the
 * others can be read from the signal itself without a padded copy.
 */
export function paddedSlice(signal: Float32Array, start: number, mode: PadMode, out: Float32Array): void {
  const length = signal.length;
  for (let i = 0; i < out.length; i++) {
    const index = start + i;
    if (index >= 0 && index < length) out[i] = signal[index]!;
    else out[i] = mode === 'reflect' && length > 0 ? signal[reflectIndex(index, length)]! : 0;
  }
}

/** Number of frames librosa produces: `1 + floor((paddedLength - nFft) / hopLength)`, never below 0. */
export function frameCount(paddedLength: number, nFft: number, hopLength: number): number {
  if (paddedLength < nFft) return 0;
  return 1 + Math.floor((paddedLength - nFft) / hopLength);
}
