import { InvalidOptionError } from '@ifa/core';
import FFT from 'fft.js';
import type { SparseFilterBank } from '../mel';
import type { ResolvedPowerToDb } from '../power-to-db';
import type { PadMode } from '../stft';

/**
 * Window, FFT and |X|^power of STFT frames, fused: what the mel spectrogram needs from an FFT. One kernel
 * per frame size, built once (twiddle tables, scratch buffers) and cached by its backend.
 */
export interface FramePowerKernel {
  readonly size: number;
  /**
   * For the frames of `size` samples at `offsetA` of `sourceA` and, unless `sourceB` is null, at
   * `offsetB` of `sourceB`: multiplies each by `window` (length `size`), and writes |rfft(frame)[k]|^power
   * for k = 0..size/2 into `outA` / `outB` (length size/2 + 1).
   */
  framePowers(
    sourceA: Float32Array,
    offsetA: number,
    sourceB: Float32Array | null,
    offsetB: number,
    window: Float64Array,
    power: number,
    outA: Float64Array,
    outB: Float64Array,
  ): void;
}

/**
 * Where the FFTs of {@link melSpectrogram} run. The default is pure JavaScript (synchronous, float64);
 * `loadWasmFft()` gives a faster WebAssembly one.
 */
export interface FftBackend {
  /** `'js'` or `'pffft-wasm-simd'`. */
  readonly name: string;
  /** The cached kernel for frames of `size` samples. */
  kernel(size: number): FramePowerKernel;
  /**
   * Optional: runs a whole mel spectrogram's frame loop (window, FFT, |X|^power, mel sums) in one call,
   * writing `job.out`. Returns false, having written nothing, when it cannot take the job; the caller
   * then runs the loop itself through {@link kernel}.
   */
  melFrames?(job: MelFramesJob): boolean;
  /** Optional: `powerToDb(values, options)` computed here, equal to the JavaScript result to the bit. */
  powerToDb?(values: Float32Array, options: ResolvedPowerToDb): Float32Array;
}

/** One mel spectrogram's frames, as {@link melSpectrogram} hands them to {@link FftBackend.melFrames}. */
export interface MelFramesJob {
  /** The unpadded mono signal. */
  signal: Float32Array;
  /** Samples of padding at each end (nFft / 2 when centred, else 0), filled as `padMode` says. */
  pad: number;
  padMode: PadMode;
  nFft: number;
  hopLength: number;
  nFrames: number;
  /** Length nFft. */
  window: Float64Array;
  power: number;
  bank: SparseFilterBank;
  /** `[mel][frame]`, row-major, length nMels * nFrames. */
  out: Float32Array;
}

function isPowerOfTwo(n: number): boolean {
  return n >= 2 && (n & (n - 1)) === 0;
}

export function magnitudeToPower(re: number, im: number, power: number): number {
  const squared = re * re + im * im;
  if (power === 2) return squared;
  if (power === 1) return Math.sqrt(squared);
  return squared ** (power / 2);
}

/** fft.js radix-4 complex transform of two real frames at once; only for power-of-two sizes. */
class PairKernel implements FramePowerKernel {
  private readonly fft: FFT;
  private readonly pair: Float64Array;
  private readonly complex: Float64Array;
  constructor(readonly size: number) {
    this.fft = new FFT(size);
    this.pair = new Float64Array(2 * size);
    this.complex = new Float64Array(2 * size);
  }

  /**
   * Two real frames for the price of one complex FFT: with z = a + i b, A[k] = (Z[k] + conj Z[n-k]) / 2
   * and B[k] = (Z[k] - conj Z[n-k]) / 2i. About a fifth faster than two real transforms.
   */
  framePowers(
    sourceA: Float32Array,
    offsetA: number,
    sourceB: Float32Array | null,
    offsetB: number,
    window: Float64Array,
    power: number,
    outA: Float64Array,
    outB: Float64Array,
  ): void {
    const n = this.size;
    const pair = this.pair;
    if (sourceB !== null) {
      for (let i = 0, j = 0; i < n; i++, j += 2) {
        const w = window[i]!;
        pair[j] = sourceA[offsetA + i]! * w;
        pair[j + 1] = sourceB[offsetB + i]! * w;
      }
    } else {
      for (let i = 0, j = 0; i < n; i++, j += 2) {
        pair[j] = sourceA[offsetA + i]! * window[i]!;
        pair[j + 1] = 0;
      }
    }
    const z = this.complex;
    this.fft.transform(z, pair);
    const bins = n / 2 + 1;
    if (power === 2) {
      // The common case, kept free of the general pow path. |A|^2 and |B|^2 without the 1/2 factors:
      // 4|A|^2 = (zr + wr)^2 + (zi - wi)^2, 4|B|^2 = (zi + wi)^2 + (wr - zr)^2.
      outA[0] = z[0]! * z[0]!;
      outB[0] = z[1]! * z[1]!;
      for (let k = 1, j = 2 * n - 2; k < bins; k++, j -= 2) {
        const zr = z[2 * k]!;
        const zi = z[2 * k + 1]!;
        const wr = z[j]!;
        const wi = z[j + 1]!;
        const ar = zr + wr;
        const ai = zi - wi;
        const br = zi + wi;
        const bi = wr - zr;
        outA[k] = 0.25 * (ar * ar + ai * ai);
        outB[k] = 0.25 * (br * br + bi * bi);
      }
      return;
    }
    for (let k = 0; k < bins; k++) {
      const j = k === 0 ? 0 : 2 * (n - k);
      const zr = z[2 * k]!;
      const zi = z[2 * k + 1]!;
      const wr = z[j]!;
      const wi = z[j + 1]!;
      outA[k] = magnitudeToPower(0.5 * (zr + wr), 0.5 * (zi - wi), power);
      outB[k] = magnitudeToPower(0.5 * (zi + wi), 0.5 * (wr - zr), power);
    }
  }
}

/**
 * A kernel that transforms one frame at a time: `framePowers` runs `framePower` on each frame given. The
 * direct DFT and the WebAssembly FFT are such kernels; only fft.js's pairs two real frames per transform.
 */
export abstract class SingleFrameKernel implements FramePowerKernel {
  abstract readonly size: number;

  framePowers(
    sourceA: Float32Array,
    offsetA: number,
    sourceB: Float32Array | null,
    offsetB: number,
    window: Float64Array,
    power: number,
    outA: Float64Array,
    outB: Float64Array,
  ): void {
    this.framePower(sourceA, offsetA, window, power, outA);
    if (sourceB !== null) this.framePower(sourceB, offsetB, window, power, outB);
  }

  /** Windows the frame at `offset` of `signal` and writes |rfft|^power into `out`. */
  protected abstract framePower(
    signal: Float32Array,
    offset: number,
    window: Float64Array,
    power: number,
    out: Float64Array,
  ): void;
}

/** Direct DFT with a cosine table, for sizes fft.js cannot do; O(n^2), correct rather than fast. */
class DirectKernel extends SingleFrameKernel {
  private readonly cos: Float64Array;
  private readonly sin: Float64Array;
  private readonly frame: Float64Array;
  constructor(readonly size: number) {
    super();
    this.cos = new Float64Array(size);
    this.sin = new Float64Array(size);
    this.frame = new Float64Array(size);
    for (let i = 0; i < size; i++) {
      this.cos[i] = Math.cos((2 * Math.PI * i) / size);
      this.sin[i] = Math.sin((2 * Math.PI * i) / size);
    }
  }

  protected framePower(
    signal: Float32Array,
    offset: number,
    window: Float64Array,
    power: number,
    out: Float64Array,
  ): void {
    const n = this.size;
    const frame = this.frame;
    for (let i = 0; i < n; i++) frame[i] = signal[offset + i]! * window[i]!;
    const bins = Math.floor(n / 2) + 1;
    for (let k = 0; k < bins; k++) {
      let re = 0;
      let im = 0;
      let index = 0;
      for (let t = 0; t < n; t++) {
        const x = frame[t]!;
        re += x * this.cos[index]!;
        im -= x * this.sin[index]!;
        index += k;
        if (index >= n) index -= n;
      }
      out[k] = magnitudeToPower(re, im, power);
    }
  }
}

const jsKernels = new Map<number, FramePowerKernel>();

/** The pure-JavaScript backend: fft.js for powers of two, a direct DFT otherwise. Float64 throughout. */
export const JS_FFT: FftBackend = Object.freeze({
  name: 'js',
  kernel(size: number): FramePowerKernel {
    let kernel = jsKernels.get(size);
    if (!kernel) {
      kernel = isPowerOfTwo(size) ? new PairKernel(size) : new DirectKernel(size);
      jsKernels.set(size, kernel);
    }
    return kernel;
  },
});

/** The `fft` option of every function that takes one: a backend, or undefined for {@link JS_FFT}. */
export function resolveFft(fft: FftBackend | undefined): FftBackend {
  if (fft === undefined) return JS_FFT;
  if (typeof fft !== 'object' || fft === null || typeof fft.kernel !== 'function') {
    throw new InvalidOptionError({
      option: 'fft',
      value: fft,
      expected: 'an FFT backend from loadWasmFft(), or undefined for pure JavaScript',
    });
  }
  return fft;
}
