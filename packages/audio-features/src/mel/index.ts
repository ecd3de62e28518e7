import { InvalidOptionError } from '@ifa/core';
import { assertPositiveFinite, assertPositiveInteger } from '../errors/assert';

/** `'slaney'` divides each triangle by its width in Hz (constant energy per band); `null` leaves peaks at 1. */
export type MelNorm = 'slaney' | null;

export interface MelFilterBankOptions {
  sampleRate: number;
  nFft: number;
  nMels: number;
  /** Lowest frequency (Hz). Default 0. */
  fMin?: number;
  /** Highest frequency (Hz). Default sampleRate / 2. */
  fMax?: number;
  /** Use the HTK mel scale instead of Slaney's. Default false. */
  htk?: boolean;
  /** Default 'slaney'. */
  norm?: MelNorm;
}

const F_SP = 200 / 3;
const MIN_LOG_HZ = 1000;
const MIN_LOG_MEL = MIN_LOG_HZ / F_SP;
const LOG_STEP = Math.log(6.4) / 27;

/** Hz to mel, as librosa.hz_to_mel (Slaney's auditory-toolbox scale unless `htk`). */
export function hzToMel(hz: number, htk = false): number {
  if (htk) return 2595 * Math.log10(1 + hz / 700);
  if (hz >= MIN_LOG_HZ) return MIN_LOG_MEL + Math.log(hz / MIN_LOG_HZ) / LOG_STEP;
  return hz / F_SP;
}

/** Mel to Hz, the inverse of {@link hzToMel}. */
export function melToHz(mel: number, htk = false): number {
  if (htk) return 700 * (10 ** (mel / 2595) - 1);
  if (mel >= MIN_LOG_MEL) return MIN_LOG_HZ * Math.exp(LOG_STEP * (mel - MIN_LOG_MEL));
  return F_SP * mel;
}

/** `count` frequencies (Hz) evenly spaced on the mel scale from fMin to fMax, as librosa.mel_frequencies. */
export function melFrequencies(count: number, fMin: number, fMax: number, htk = false): Float64Array {
  const minMel = hzToMel(fMin, htk);
  const maxMel = hzToMel(fMax, htk);
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const mel = count === 1 ? minMel : minMel + ((maxMel - minMel) * i) / (count - 1);
    out[i] = melToHz(mel, htk);
  }
  return out;
}

export interface ResolvedMelOptions {
  sampleRate: number;
  nFft: number;
  nMels: number;
  fMin: number;
  fMax: number;
  htk: boolean;
  norm: MelNorm;
}

export function resolveMelOptions(options: MelFilterBankOptions): ResolvedMelOptions {
  const { sampleRate, nFft, nMels } = options;
  assertPositiveFinite('sampleRate', sampleRate);
  assertPositiveInteger('nFft', nFft);
  assertPositiveInteger('nMels', nMels);
  const fMin = options.fMin ?? 0;
  const fMax = options.fMax ?? sampleRate / 2;
  if (!Number.isFinite(fMin) || fMin < 0) {
    throw new InvalidOptionError({ option: 'fMin', value: fMin, expected: 'a finite number >= 0 (Hz)' });
  }
  if (!Number.isFinite(fMax) || fMax <= fMin) {
    throw new InvalidOptionError({
      option: 'fMax',
      value: fMax,
      expected: `a finite number above fMin (${fMin} Hz)`,
    });
  }
  const norm = options.norm === undefined ? 'slaney' : options.norm;
  if (norm !== 'slaney' && norm !== null) {
    throw new InvalidOptionError({ option: 'norm', value: norm, expected: "'slaney' or null" });
  }
  return { sampleRate, nFft, nMels, fMin, fMax, htk: options.htk ?? false, norm };
}

/**
 * Triangular mel filters, equal to `librosa.filters.mel` (librosa 0.10): shape `[nMels][nFft / 2 + 1]`,
 * row-major. Filters are built in float64 and stored as float32, as librosa does.
 */
export function melFilterBank(options: MelFilterBankOptions): Float32Array {
  const { sampleRate, nFft, nMels, fMin, fMax, htk, norm } = resolveMelOptions(options);
  const bins = Math.floor(nFft / 2) + 1;
  const melF = melFrequencies(nMels + 2, fMin, fMax, htk);
  const weights = new Float32Array(nMels * bins);
  for (let m = 0; m < nMels; m++) {
    const lowerWidth = melF[m + 1]! - melF[m]!;
    const upperWidth = melF[m + 2]! - melF[m + 1]!;
    const enorm = norm === 'slaney' ? 2 / (melF[m + 2]! - melF[m]!) : 1;
    for (let k = 0; k < bins; k++) {
      const frequency = (k * sampleRate) / nFft;
      const lower = -(melF[m]! - frequency) / lowerWidth;
      const upper = (melF[m + 2]! - frequency) / upperWidth;
      const weight = Math.max(0, Math.min(lower, upper));
      weights[m * bins + k] = weight * enorm;
    }
  }
  return weights;
}

/**
 * A filter bank stored as one non-zero span per filter, so applying it skips the zeros: filter `m` has
 * weights `weights[offset[m] + k - start[m]]` for bins `start[m] <= k < end[m]`, packed one after another.
 */
export interface SparseFilterBank {
  nMels: number;
  bins: number;
  start: Int32Array;
  end: Int32Array;
  offset: Int32Array;
  weights: Float64Array;
}

export function toSparse(bank: Float32Array, nMels: number, bins: number): SparseFilterBank {
  const start = new Int32Array(nMels);
  const end = new Int32Array(nMels);
  const offset = new Int32Array(nMels);
  let total = 0;
  for (let m = 0; m < nMels; m++) {
    let first = bins;
    let last = -1;
    for (let k = 0; k < bins; k++) {
      if (bank[m * bins + k]! !== 0) {
        if (first === bins) first = k;
        last = k;
      }
    }
    start[m] = first;
    end[m] = Math.max(first, last + 1);
    offset[m] = total;
    total += end[m]! - first;
  }
  const weights = new Float64Array(total);
  for (let m = 0; m < nMels; m++) {
    for (let k = start[m]!; k < end[m]!; k++) weights[offset[m]! + k - start[m]!] = bank[m * bins + k]!;
  }
  return { nMels, bins, start, end, offset, weights };
}

const sparseCache = new Map<string, SparseFilterBank>();

/** The cached sparse form of `melFilterBank(options)`. */
export function getSparseMelFilterBank(options: ResolvedMelOptions): SparseFilterBank {
  const key = JSON.stringify(options);
  let sparse = sparseCache.get(key);
  if (!sparse) {
    const bins = Math.floor(options.nFft / 2) + 1;
    sparse = toSparse(melFilterBank(options), options.nMels, bins);
    sparseCache.set(key, sparse);
  }
  return sparse;
}
