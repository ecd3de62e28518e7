import { InvalidOptionError } from '@ifa/core';
import { assertPositiveFinite, assertPositiveInteger } from '../errors/assert';
import { type FftBackend, resolveFft } from '../fft';
import { getSparseMelFilterBank, type MelNorm, resolveMelOptions, type SparseFilterBank } from '../mel';
import { assertPadMode, frameCount, type PadMode, paddedSlice } from '../stft';
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
  /**
   * Where the FFTs run. Default: pure JavaScript (float64, synchronous). `await loadWasmFft()` gives
   * PFFFT compiled to WebAssembly SIMD (float32), several times faster; results agree to float32 rounding.
   */
  fft?: FftBackend;
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

/** Sparse filter bank times one power spectrum, written to column `t` of `out` ([mel][frame], row-major). */
function applyFilters(
  powers: Float64Array,
  out: Float32Array,
  t: number,
  nFrames: number,
  bank: SparseFilterBank,
) {
  const { nMels, start, end, offset, weights } = bank;
  for (let m = 0, o = t; m < nMels; m++, o += nFrames) {
    let sum = 0;
    const first = start[m]!;
    const last = end[m]!;
    for (let k = first, w = offset[m]!; k < last; k++, w++) sum += weights[w]! * powers[k]!;
    out[o] = sum;
  }
}

/**
 * Mel spectrogram of a mono signal, equal to `librosa.feature.melspectrogram` (librosa 0.10 defaults). One
 * real FFT per frame (windowing and |X|^power fused with it); windows, FFT tables and filter banks are
 * cached across calls.
 */
export function melSpectrogram(signal: Float32Array, options: MelSpectrogramOptions): Spectrogram {
  const o = resolveMelSpectrogramOptions(options);
  const fft = resolveFft(options.fft);
  const { nFft, hopLength, nMels, power } = o;
  const pad = o.center ? Math.floor(nFft / 2) : 0;
  assertPadMode(o.padMode);
  const nFrames = frameCount(signal.length + 2 * pad, nFft, hopLength);
  const window = padCenter(getWindow(o.window, o.winLength), nFft);
  const bank = getSparseMelFilterBank(o);
  const data = new Float32Array(nMels * nFrames);
  if (
    fft.melFrames?.({
      signal,
      pad,
      padMode: o.padMode,
      nFft,
      hopLength,
      nFrames,
      window,
      power,
      bank,
      out: data,
    })
  ) {
    return { data, nMels, nFrames };
  }
  const kernel = fft.kernel(nFft);
  const powersA = new Float64Array(bank.bins);
  const powersB = new Float64Array(bank.bins);
  // Frames are read from the signal itself; only those overlapping the padding are copied out, padded.
  const edgeA = new Float32Array(nFft);
  const edgeB = new Float32Array(nFft);
  const frame = (t: number, edge: Float32Array): [Float32Array, number] => {
    const start = t * hopLength - pad;
    if (start >= 0 && start + nFft <= signal.length) return [signal, start];
    paddedSlice(signal, start, o.padMode, edge);
    return [edge, 0];
  };
  // Frames go through the kernel in pairs (the JS one packs two real frames into one complex FFT).
  for (let t = 0; t < nFrames; t += 2) {
    const [sourceA, offsetA] = frame(t, edgeA);
    const hasB = t + 1 < nFrames;
    const [sourceB, offsetB] = hasB ? frame(t + 1, edgeB) : [null, 0];
    kernel.framePowers(sourceA, offsetA, sourceB, offsetB, window, power, powersA, powersB);
    applyFilters(powersA, data, t, nFrames, bank);
    if (hasB) applyFilters(powersB, data, t + 1, nFrames, bank);
  }
  return { data, nMels, nFrames };
}
