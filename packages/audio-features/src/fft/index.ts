import FFT from 'fft.js';

/**
 * Computes the power-of-magnitude spectrum of one real frame: bins 0..n/2 of |rfft(frame)|^power.
 * Implementations are cached per size, so twiddle tables are built once.
 */
export interface RealSpectrum {
  readonly size: number;
  /** Writes |X[k]|^power for k = 0..size/2 into `out` (length size/2 + 1). `frame` has `size` samples. */
  powerSpectrum(frame: Float64Array, out: Float64Array, power: number): void;
  /**
   * The same for two frames at once, given interleaved as `[a0, b0, a1, b1, ...]` (length 2 * size):
   * spectra of `a` into `outA` and of `b` into `outB`.
   */
  powerSpectrumPair(pair: Float64Array, outA: Float64Array, outB: Float64Array, power: number): void;
}

function isPowerOfTwo(n: number): boolean {
  return n >= 2 && (n & (n - 1)) === 0;
}

function magnitudeToPower(re: number, im: number, power: number): number {
  const squared = re * re + im * im;
  if (power === 2) return squared;
  if (power === 1) return Math.sqrt(squared);
  return squared ** (power / 2);
}

/** fft.js radix-4 real transform; only for power-of-two sizes. */
class RadixFourSpectrum implements RealSpectrum {
  private readonly fft: FFT;
  private readonly complex: Float64Array;
  constructor(readonly size: number) {
    this.fft = new FFT(size);
    this.complex = new Float64Array(2 * size);
  }

  /**
   * Two real frames for the price of one complex FFT: with z = a + i b, A[k] = (Z[k] + conj Z[n-k]) / 2
   * and B[k] = (Z[k] - conj Z[n-k]) / 2i. About a fifth faster than two real transforms.
   */
  powerSpectrumPair(pair: Float64Array, outA: Float64Array, outB: Float64Array, power: number): void {
    const n = this.size;
    this.fft.transform(this.complex, pair);
    const z = this.complex;
    const bins = n / 2 + 1;
    for (let k = 0; k < bins; k++) {
      const j = k === 0 ? 0 : 2 * (n - k);
      const zr = z[2 * k]!;
      const zi = z[2 * k + 1]!;
      const wr = z[j]!;
      const wi = z[j + 1]!;
      const aRe = 0.5 * (zr + wr);
      const aIm = 0.5 * (zi - wi);
      const bRe = 0.5 * (zi + wi);
      const bIm = 0.5 * (wr - zr);
      if (power === 2) {
        outA[k] = aRe * aRe + aIm * aIm;
        outB[k] = bRe * bRe + bIm * bIm;
      } else {
        outA[k] = magnitudeToPower(aRe, aIm, power);
        outB[k] = magnitudeToPower(bRe, bIm, power);
      }
    }
  }

  powerSpectrum(frame: Float64Array, out: Float64Array, power: number): void {
    this.fft.realTransform(this.complex, frame);
    const c = this.complex;
    const bins = this.size / 2 + 1;
    if (power === 2) {
      // The common case, kept free of the general pow path.
      for (let k = 0, j = 0; k < bins; k++, j += 2) {
        const re = c[j]!;
        const im = c[j + 1]!;
        out[k] = re * re + im * im;
      }
      return;
    }
    for (let k = 0; k < bins; k++) out[k] = magnitudeToPower(c[2 * k]!, c[2 * k + 1]!, power);
  }
}

/** Direct DFT with a cosine table, for sizes fft.js cannot do; O(n^2), correct rather than fast. */
class DirectSpectrum implements RealSpectrum {
  private readonly cos: Float64Array;
  private readonly sin: Float64Array;
  constructor(readonly size: number) {
    this.cos = new Float64Array(size);
    this.sin = new Float64Array(size);
    for (let i = 0; i < size; i++) {
      this.cos[i] = Math.cos((2 * Math.PI * i) / size);
      this.sin[i] = Math.sin((2 * Math.PI * i) / size);
    }
  }
  powerSpectrumPair(pair: Float64Array, outA: Float64Array, outB: Float64Array, power: number): void {
    const a = new Float64Array(this.size);
    const b = new Float64Array(this.size);
    for (let i = 0; i < this.size; i++) {
      a[i] = pair[2 * i]!;
      b[i] = pair[2 * i + 1]!;
    }
    this.powerSpectrum(a, outA, power);
    this.powerSpectrum(b, outB, power);
  }

  powerSpectrum(frame: Float64Array, out: Float64Array, power: number): void {
    const n = this.size;
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

const cache = new Map<number, RealSpectrum>();

/** The cached spectrum implementation for frames of `size` samples. */
export function getRealSpectrum(size: number): RealSpectrum {
  let spectrum = cache.get(size);
  if (!spectrum) {
    spectrum = isPowerOfTwo(size) ? new RadixFourSpectrum(size) : new DirectSpectrum(size);
    cache.set(size, spectrum);
  }
  return spectrum;
}
