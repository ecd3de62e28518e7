import { InvalidOptionError } from '@ifa/core';
import { assertPositiveInteger } from '../errors/assert';

/**
 * Spectrogram images stored one after another, row-major `[count, height, width]`: rows are mel bands,
 * columns are frames (as `SpectrogramEncoder` and its caches lay them out).
 */
export interface SpectrogramStack {
  data: Float32Array;
  height: number;
  width: number;
}

/** Each mel band's mean and standard deviation over every frame of some images. */
export interface BandStatistics {
  means: number[];
  stds: number[];
}

/**
 * Added to every standard deviation, so that a band that never changes (digital silence, a clipped
 * floor) scales by a finite factor. Images are in [0, 1]; 1e-3 is a fraction of a dB in an 80 dB range.
 */
const STD_FLOOR = 1e-3;

function imageCount(stack: SpectrogramStack, option: string): number {
  assertPositiveInteger(`${option}.height`, stack.height);
  assertPositiveInteger(`${option}.width`, stack.width);
  const size = stack.height * stack.width;
  if (stack.data.length % size !== 0) {
    throw new InvalidOptionError({
      option: `${option}.data`,
      value: `${stack.data.length} values`,
      expected: `a whole number of ${stack.height} x ${stack.width} images (a multiple of ${size})`,
    });
  }
  return stack.data.length / size;
}

function pickedIndices(count: number, indices: readonly number[] | undefined): readonly number[] {
  if (indices === undefined) return Array.from({ length: count }, (_, i) => i);
  for (const k of indices) {
    if (!Number.isInteger(k) || k < 0 || k >= count) {
      throw new InvalidOptionError({
        option: 'indices',
        value: k,
        expected: `an image index in 0..${count - 1}`,
      });
    }
  }
  return indices;
}

/**
 * Each mel band's (row's) mean and standard deviation over every frame of the picked images (`indices`,
 * all by default), plus a floor of 1e-3 on the deviation. In dB images the means are the recordings'
 * average spectrum: for many recordings of one voice in one room, that voice's and that room's colour,
 * whatever the words; the deviations are how far its bands swing.
 */
export function bandStatistics(stack: SpectrogramStack, indices?: readonly number[]): BandStatistics {
  const picked = pickedIndices(imageCount(stack, 'stack'), indices);
  if (picked.length === 0) {
    throw new InvalidOptionError({ option: 'indices', value: [], expected: 'at least one image index' });
  }
  const { data, height, width } = stack;
  const sums = new Float64Array(height);
  for (const k of picked) {
    for (let r = 0; r < height; r++) {
      const row = (k * height + r) * width;
      for (let c = 0; c < width; c++) sums[r]! += data[row + c]!;
    }
  }
  const n = picked.length * width;
  const means = Array.from(sums, (s) => s / n);
  // A second pass around the mean: no cancellation between two large sums.
  const squares = new Float64Array(height);
  for (const k of picked) {
    for (let r = 0; r < height; r++) {
      const row = (k * height + r) * width;
      for (let c = 0; c < width; c++) squares[r]! += (data[row + c]! - means[r]!) ** 2;
    }
  }
  return { means, stds: Array.from(squares, (s) => Math.sqrt(s / n) + STD_FLOOR) };
}

function checkStatistics(option: string, stats: BandStatistics, height: number): void {
  for (const [key, values, positive] of [
    ['means', stats?.means, false],
    ['stds', stats?.stds, true],
  ] as const) {
    const ok =
      Array.isArray(values) &&
      values.length === height &&
      values.every((v) => typeof v === 'number' && Number.isFinite(v) && (!positive || v > 0));
    if (!ok) {
      throw new InvalidOptionError({
        option: `${option}.${key}`,
        value: Array.isArray(values) ? `${values.length} values` : values,
        expected: `${height} finite${positive ? ', positive' : ''} numbers, one per mel band`,
      });
    }
  }
}

/**
 * Maps the picked images (all by default), band by band, from statistics `from` to `to`, in place:
 * `x -> to.means[r] + (x - from.means[r]) * to.stds[r] / from.stds[r]`. With `from` a voice's own
 * {@link bandStatistics} and `to` a training set's, a new voice's average spectrum and the spread of each
 * band become the ones the model learned from (cepstral mean and variance normalisation, in the log-mel
 * domain, per voice). Values may leave [0, 1]; nothing is clipped.
 */
export function normaliseBands(
  stack: SpectrogramStack,
  from: BandStatistics,
  to: BandStatistics,
  indices?: readonly number[],
): void {
  const picked = pickedIndices(imageCount(stack, 'stack'), indices);
  checkStatistics('from', from, stack.height);
  checkStatistics('to', to, stack.height);
  const { data, height, width } = stack;
  for (const k of picked) {
    for (let r = 0; r < height; r++) {
      const gain = to.stds[r]! / from.stds[r]!;
      const offset = to.means[r]! - from.means[r]! * gain;
      const row = (k * height + r) * width;
      for (let c = 0; c < width; c++) data[row + c] = data[row + c]! * gain + offset;
    }
  }
}

/**
 * Normalises each group's images by the group's own {@link bandStatistics}, mapping them to `reference`
 * (default: the statistics of all the images). `groups[i]` names image i's source: its speaker, its
 * microphone or its room. Returns the reference used, which a model trained on the result needs in order
 * to normalise new voices alike.
 */
export function normaliseBandsByGroup(
  stack: SpectrogramStack,
  groups: readonly string[],
  reference?: BandStatistics,
): BandStatistics {
  const count = imageCount(stack, 'stack');
  if (groups.length !== count) {
    throw new InvalidOptionError({
      option: 'groups',
      value: `${groups.length} names`,
      expected: `one group name per image (${count})`,
    });
  }
  const to =
    reference === undefined
      ? bandStatistics(stack)
      : { means: [...reference.means], stds: [...reference.stds] };
  checkStatistics('reference', to, stack.height);
  const members = new Map<string, number[]>();
  groups.forEach((g, i) => {
    const list = members.get(g);
    if (list === undefined) members.set(g, [i]);
    else list.push(i);
  });
  for (const indices of members.values()) normaliseBands(stack, bandStatistics(stack, indices), to, indices);
  return to;
}
