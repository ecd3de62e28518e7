import { InvalidOptionError } from '@ifa/core';
import { assertPositiveInteger } from '../errors/assert';

/** Window names accepted by {@link getWindow}; all are periodic (scipy's `fftbins=True`), as librosa uses. */
export type WindowName = 'hann' | 'hamming' | 'blackman' | 'rectangular';
/** A window name, or the window's samples (length `winLength`). */
export type WindowSpec = WindowName | Float32Array;

const cache = new Map<string, Float64Array>();

function cosineSum(length: number, coefficients: readonly number[]): Float64Array {
  const out = new Float64Array(length);
  // Periodic: the period is `length`, not `length - 1`, so the window tiles without a repeated sample.
  const step = (2 * Math.PI) / length;
  for (let n = 0; n < length; n++) {
    let value = 0;
    for (let k = 0; k < coefficients.length; k++) {
      value += (k % 2 === 0 ? 1 : -1) * coefficients[k]! * Math.cos(step * k * n);
    }
    out[n] = value;
  }
  return out;
}

function build(name: WindowName, length: number): Float64Array {
  switch (name) {
    case 'hann':
      return cosineSum(length, [0.5, 0.5]);
    case 'hamming':
      return cosineSum(length, [0.54, 0.46]);
    case 'blackman':
      return cosineSum(length, [0.42, 0.5, 0.08]);
    case 'rectangular':
      return new Float64Array(length).fill(1);
    default:
      throw new InvalidOptionError({
        option: 'window',
        value: name,
        expected: "'hann', 'hamming', 'blackman', 'rectangular' or a Float32Array",
      });
  }
}

/**
 * The periodic window of `length` samples, as `scipy.signal.get_window(name, length, fftbins=True)`.
 * Windows are cached by (name, length); the returned array is shared, so do not write to it.
 */
export function getWindow(window: WindowSpec, length: number): Float64Array {
  assertPositiveInteger('winLength', length);
  if (typeof window !== 'string') {
    if (window.length !== length) {
      throw new InvalidOptionError({
        option: 'window',
        value: `a window of ${window.length} samples`,
        expected: `a window of winLength (${length}) samples`,
      });
    }
    return Float64Array.from(window);
  }
  const key = `${window}:${length}`;
  let cached = cache.get(key);
  if (!cached) {
    cached = build(window, length);
    cache.set(key, cached);
  }
  return cached;
}

/** Centres `window` in `size` samples with zeros either side, as librosa.util.pad_center. */
export function padCenter(window: Float64Array, size: number): Float64Array {
  if (window.length === size) return window;
  if (window.length > size) {
    throw new InvalidOptionError({
      option: 'winLength',
      value: window.length,
      expected: `at most nFft (${size})`,
    });
  }
  const out = new Float64Array(size);
  out.set(window, Math.floor((size - window.length) / 2));
  return out;
}
