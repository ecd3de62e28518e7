import { InvalidOptionError } from '@ifa/core';
import type * as tf from '@tensorflow/tfjs-core';

/**
 * How `saveModel` stores weights. `float32` (default) is exact. `float16` halves the files (IEEE half
 * precision, round to nearest even; tfjs decodes it on load). `uint8` quarters them: each weight tensor is
 * mapped affinely onto 256 levels between its own minimum and maximum (tfjs' `uint8` quantization), so the
 * error of a weight is at most half a level, (max - min) / 510. Both are standard tfjs weight formats,
 * loadable by `tf.loadLayersModel` too.
 */
export type WeightStorage = 'float32' | 'float16' | 'uint8';

export const WEIGHT_STORAGES: readonly WeightStorage[] = ['float32', 'float16', 'uint8'];

/** Largest finite float16 value. */
const FLOAT16_MAX = 65504;

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** IEEE 754 binary16 bits of a float32 value, rounding to nearest even (values are finite, |v| <= 65504). */
export function float32ToFloat16Bits(value: number): number {
  f32[0] = value;
  const x = u32[0]!;
  const sign = (x >>> 16) & 0x8000;
  const exponent = (x >>> 23) & 0xff;
  let mantissa = x & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa === 0 ? 0 : 0x200);
  const e = exponent - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    // Subnormal half (or zero): shift the mantissa with its implicit bit into place, rounding to even.
    if (e < -10) return sign;
    mantissa |= 0x800000;
    const shift = 14 - e;
    const half = 1 << (shift - 1);
    const rest = mantissa & ((1 << shift) - 1);
    let result = mantissa >>> shift;
    if (rest > half || (rest === half && (result & 1) === 1)) result += 1;
    return sign | result;
  }
  let result = (e << 10) | (mantissa >>> 13);
  const rest = mantissa & 0x1fff;
  // A carry out of the mantissa correctly bumps the exponent (up to infinity, excluded by the caller).
  if (rest > 0x1000 || (rest === 0x1000 && (result & 1) === 1)) result += 1;
  return sign | result;
}

/**
 * Re-encodes float32 weight data (as tfjs hands it to a save handler) in `storage`, returning the new bytes
 * and weight specs. Only float32 weights are converted; others are copied as they are.
 */
export function encodeWeights(
  specs: readonly tf.io.WeightsManifestEntry[],
  data: ArrayBuffer,
  storage: WeightStorage,
  subModel: string,
): { specs: tf.io.WeightsManifestEntry[]; data: Uint8Array } {
  if (storage === 'float32') return { specs: [...specs], data: new Uint8Array(data) };
  const chunks: Uint8Array[] = [];
  const out: tf.io.WeightsManifestEntry[] = [];
  let offset = 0;
  for (const spec of specs) {
    const count = spec.shape.reduce((a, b) => a * b, 1);
    if (spec.quantization !== undefined) {
      throw new InvalidOptionError({
        option: 'weights',
        value: storage,
        expected: `float32 weights to convert; "${spec.name}" of ${subModel} is already quantized`,
      });
    }
    if (spec.dtype !== 'float32') {
      const size = spec.dtype === 'bool' ? 1 : 4;
      chunks.push(new Uint8Array(data.slice(offset, offset + size * count)));
      out.push({ ...spec });
      offset += size * count;
      continue;
    }
    const values = new Float32Array(data.slice(offset, offset + 4 * count));
    offset += 4 * count;
    if (storage === 'float16') {
      const half = new Uint16Array(count);
      for (let i = 0; i < count; i++) {
        const v = values[i]!;
        if (!(Math.abs(v) <= FLOAT16_MAX)) {
          throw new InvalidOptionError(
            { option: 'weights', value: storage, expected: 'weights float16 can hold (|w| <= 65504)' },
            { hint: `Weight "${spec.name}" of ${subModel} holds ${v} at element ${i}; save it as float32.` },
          );
        }
        half[i] = float32ToFloat16Bits(v);
      }
      chunks.push(new Uint8Array(half.buffer));
      out.push({ ...spec, quantization: { dtype: 'float16' } });
    } else {
      let min = Number.POSITIVE_INFINITY;
      let max = Number.NEGATIVE_INFINITY;
      for (let i = 0; i < count; i++) {
        const v = values[i]!;
        if (v < min) min = v;
        if (v > max) max = v;
      }
      if (count === 0) min = max = 0;
      // A constant tensor keeps its value exactly: every level decodes to `min`.
      const scale = max > min ? (max - min) / 255 : 1;
      const levels = new Uint8Array(count);
      for (let i = 0; i < count; i++) {
        levels[i] = Math.min(255, Math.max(0, Math.round((values[i]! - min) / scale)));
      }
      chunks.push(levels);
      out.push({ ...spec, quantization: { dtype: 'uint8', scale, min } });
    }
  }
  const total = chunks.reduce((s, c) => s + c.byteLength, 0);
  const joined = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    joined.set(c, at);
    at += c.byteLength;
  }
  return { specs: out, data: joined };
}
