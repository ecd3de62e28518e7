import { InvalidOptionError } from '@ifa/core';
import { assertPositiveFinite, assertPositiveInteger } from '../errors/assert';
import { getRealSpectrum } from '../fft';
import { getSparseMelFilterBank, type MelNorm, resolveMelOptions } from '../mel';
import { frameCount, type PadMode, padSignal } from '../stft';
import { getWindow, padCenter, type WindowSpec } from '../windows';

/** A mel spectrogram: `data` is row-major `[mel][frame]`, lowest mel band first. */
export interface Spectrogram {
  data: Float32Array;
  nMels: number;
  nFrames: number;
}

/** Options of {@link melSpectrogram}: camelCase versions of `librosa.feature.melspectrogram`'s. */
export interface MelSpectrogramOptions {
  sampleRate: number;
  /** FFT size. Default 2048. Powers of two use fft.js; other sizes fall back to a slow direct DFT. */
  nFft?: number;
  /** Default floor(winLength / 4). */
  hopLength?: number;
  /** Default nFft. The window is zero-padded to nFft, centred. */
  winLength?: number;
  /** Default 'hann' (periodic). */
  window?: WindowSpec;
  /** Pad nFft / 2 on both sides so frame t is centred on sample t * hopLength. Default true. */
  center?: boolean;
  /** Default 'constant' (zeros), librosa 0.10's default. */
  padMode?: PadMode;
  /** Exponent of the magnitude: 2 for power, 1 for magnitude. Default 2. */
  power?: number;
  /** Default 128. */
  nMels?: number;
  fMin?: number;
  fMax?: number;
  htk?: boolean;
  norm?: MelNorm;
}

/** Every option of {@link melSpectrogram}, resolved. */
export interface ResolvedMelSpectrogramOptions {
  sampleRate: number;
  nFft: number;
  hopLength: number;
  winLength: number;
  window: WindowSpec;
  center: boolean;
  padMode: PadMode;
  power: number;
  nMels: number;
  fMin: number;
  fMax: number;
  htk: boolean;
  norm: MelNorm;
}

/** Applies librosa's defaults and checks every option; the single place defaults live. */
export function resolveMelSpectrogramOptions(options: MelSpectrogramOptions): ResolvedMelSpectrogramOptions {
  const nFft = options.nFft ?? 2048;
  assertPositiveInteger('nFft', nFft);
  const winLength = options.winLength ?? nFft;
  assertPositiveInteger('winLength', winLength);
  if (winLength > nFft) {
    throw new InvalidOptionError({
      option: 'winLength',
      value: winLength,
      expected: `at most nFft (${nFft})`,
    });
  }
  const hopLength = options.hopLength ?? Math.floor(winLength / 4);
  assertPositiveInteger('hopLength', hopLength);
  const power = options.power ?? 2;
  assertPositiveFinite('power', power);
  const mel = resolveMelOptions({ ...options, nFft, nMels: options.nMels ?? 128 });
  return {
    sampleRate: mel.sampleRate,
    nFft,
    hopLength,
    winLength,
    window: options.window ?? 'hann',
    center: options.center ?? true,
    padMode: options.padMode ?? 'constant',
    power,
    nMels: mel.nMels,
    fMin: mel.fMin,
    fMax: mel.fMax,
    htk: mel.htk,
    norm: mel.norm,
  };
}

/** Sparse filter bank times one power spectrum, written to `out[outOffset ..]`. */
function applyFilters(
  powers: Float64Array,
  out: Float64Array,
  outOffset: number,
  start: Int32Array,
  end: Int32Array,
  weights: Float64Array,
  bins: number,
): void {
  const nMels = start.length;
  for (let m = 0; m < nMels; m++) {
    let sum = 0;
    const row = m * bins;
    const last = end[m]!;
    for (let k = start[m]!; k < last; k++) sum += weights[row + k]! * powers[k]!;
    out[outOffset + m] = sum;
  }
}

/**
 * Mel spectrogram of a mono signal, equal to `librosa.feature.melspectrogram` (librosa 0.10 defaults). One
 * real FFT per frame; windows, FFT tables and filter banks are cached across calls.
 */
export function melSpectrogram(signal: Float32Array, options: MelSpectrogramOptions): Spectrogram {
  const o = resolveMelSpectrogramOptions(options);
  const { nFft, hopLength, nMels, power } = o;
  const pad = o.center ? Math.floor(nFft / 2) : 0;
  const padded = padSignal(signal, pad, o.padMode);
  const nFrames = frameCount(padded.length, nFft, hopLength);
  const window = padCenter(getWindow(o.window, o.winLength), nFft);
  const spectrum = getRealSpectrum(nFft);
  const bank = getSparseMelFilterBank(o);
  const bins = bank.bins;
  // Frames go through the FFT in pairs (one complex transform for two real frames), interleaved.
  const pair = new Float64Array(2 * nFft);
  const powersA = new Float64Array(bins);
  const powersB = new Float64Array(bins);
  // Frame-major scratch so each frame writes contiguously; transposed to [mel][frame] at the end.
  const byFrame = new Float64Array(nMels * nFrames);
  const { start, end, weights } = bank;
  for (let t = 0; t < nFrames; t += 2) {
    const offsetA = t * hopLength;
    if (t + 1 < nFrames) {
      const offsetB = offsetA + hopLength;
      for (let i = 0, j = 0; i < nFft; i++, j += 2) {
        const w = window[i]!;
        pair[j] = padded[offsetA + i]! * w;
        pair[j + 1] = padded[offsetB + i]! * w;
      }
    } else {
      for (let i = 0, j = 0; i < nFft; i++, j += 2) {
        pair[j] = padded[offsetA + i]! * window[i]!;
        pair[j + 1] = 0;
      }
    }
    spectrum.powerSpectrumPair(pair, powersA, powersB, power);
    applyFilters(powersA, byFrame, t * nMels, start, end, weights, bins);
    if (t + 1 < nFrames) applyFilters(powersB, byFrame, (t + 1) * nMels, start, end, weights, bins);
  }
  const data = new Float32Array(nMels * nFrames);
  for (let m = 0; m < nMels; m++) {
    const row = m * nFrames;
    for (let t = 0; t < nFrames; t++) data[row + t] = byFrame[t * nMels + m]!;
  }
  return { data, nMels, nFrames };
}
