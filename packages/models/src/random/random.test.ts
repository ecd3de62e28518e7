import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it, vi } from 'vitest';
import { compileWat } from '../../../../scripts/compile-wat.mjs';
import { ALEA_NORMAL_WAT } from '../../scripts/build-alea-normal-wasm.mjs';
import {
  aleaState,
  createAleaNormalKernel,
  deriveSeed,
  normalValuesJs,
  seededNormalValues,
  standardNormal,
} from '.';
import { ALEA_NORMAL_WASM_BASE64, ALEA_NORMAL_WASM_SHA256 } from './alea-normal-wasm';

describe('seededNormalValues', () => {
  // tfjs's seeded randomNormal is the reference: every existing seed must keep drawing the same noise.
  it.each([
    [0, 1],
    [0, 7],
    [1, 2],
    [12345, 1001],
    [deriveSeed(7, 3), 4096],
    [2 ** 31 - 1, 333],
  ])('seed %d, %d values: exactly what tf.randomNormal draws', (seed, count) => {
    const ours = seededNormalValues(count, seed);
    // Seed 0 reaches tfjs as Number.MIN_VALUE (tfjs reads 0 as "unseeded"), as standardNormal passes it.
    const reference = tf.tidy(() =>
      tf.randomNormal([count], 0, 1, 'float32', seed === 0 ? Number.MIN_VALUE : seed).dataSync(),
    );
    expect(ours.length).toBe(count);
    expect(Array.from(ours)).toEqual(Array.from(reference));
  });

  it('draws different values for different seeds and a roughly standard normal sample', () => {
    const a = seededNormalValues(20_000, 1);
    const b = seededNormalValues(20_000, 2);
    expect(a.some((v, i) => v !== b[i])).toBe(true);
    const mean = a.reduce((s, v) => s + v, 0) / a.length;
    const variance = a.reduce((s, v) => s + (v - mean) ** 2, 0) / a.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
  });

  it('standardNormal shapes the values and leaks nothing', () => {
    const before = tf.memory().numTensors;
    const noise = standardNormal([2, 3, 4], 9);
    expect(noise.shape).toEqual([2, 3, 4]);
    expect(Array.from(noise.dataSync())).toEqual(Array.from(seededNormalValues(24, 9)));
    noise.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('alea-normal.wat', () => {
  it('is embedded as compiled from the .wat (run scripts/build-alea-normal-wasm.mjs after editing it)', async () => {
    const { wasm, sha256 } = await compileWat(ALEA_NORMAL_WAT);
    expect(sha256).toBe(ALEA_NORMAL_WASM_SHA256);
    expect(Buffer.from(wasm).toString('base64')).toBe(ALEA_NORMAL_WASM_BASE64);
  });

  const kernel = createAleaNormalKernel();
  const same = (a: Float32Array, b: Float32Array) =>
    a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

  it('draws what the JavaScript loop draws, to the bit, across its 4096-pair rounds', () => {
    expect(kernel).not.toBeNull();
    // 8192 values fill one round exactly; odd counts keep half of their last pair.
    for (const count of [0, 1, 2, 3, 8191, 8192, 8193, 8194, 20_001]) {
      for (const seed of [1, 7, 2 ** 31 - 1, deriveSeed(12, 0), Number.MIN_VALUE]) {
        const state = aleaState(String(seed));
        expect(
          same(kernel?.draw(count, state) as Float32Array, normalValuesJs(count, state)),
          `${count} @ ${seed}`,
        ).toBe(true);
      }
    }
  });

  it('drawInPlace draws the same values into its own memory, growing it, for odd and even counts', () => {
    for (const count of [1, 2, 3, 8193, 20_001, 100_000]) {
      const state = aleaState(String(count));
      const inPlace = Float32Array.from(kernel?.drawInPlace(count, state) as Float32Array);
      expect(same(inPlace, normalValuesJs(count, state)), `${count}`).toBe(true);
    }
    // and `draw` still works after the memory grew
    const state = aleaState('after');
    expect(same(kernel?.draw(9, state) as Float32Array, normalValuesJs(9, state))).toBe(true);
  });

  it("its logarithm is Math.log's to the bit (fdlibm's algorithm, as V8 has it)", () => {
    const log = kernel?.log as (x: number) => number;
    const special = [
      0,
      -0,
      -1,
      1,
      2,
      0.5,
      Number.MIN_VALUE,
      2 ** -1022,
      2 ** -1030,
      Infinity,
      -Infinity,
      Number.NaN,
    ];
    for (let e = -70; e <= 4; e++) {
      for (const m of [
        1,
        1 + 2 ** -52,
        1 - 2 ** -53,
        Math.SQRT1_2 * 2,
        Math.SQRT2,
        1 + 2 ** -21,
        1 - 2 ** -21,
        // fdlibm switches polynomial branch at these high words (0x6147a and 0x6b851 past the exponent).
        ...[0x6147a, 0x6b851].flatMap((h) => [-1, 0, 1].map((d) => 1 + (h + d) / 2 ** 20 + 2 ** -40)),
      ]) {
        special.push(m * 2 ** e);
      }
    }
    const mismatches = special.filter((x) => !Object.is(log(x), Math.log(x)));
    expect(mismatches).toEqual([]);
    // The two-lane log the draws use: each value beside every other, so both lanes meet every case
    // (k = 0 or not, either polynomial branch, and the pairs it hands to the scalar log).
    const pairs = new Float64Array(special.flatMap((a) => special.flatMap((b) => [a, b])));
    const twoLane = kernel?.logs(pairs) as Float64Array;
    const laneMismatches = Array.from(pairs).filter((x, i) => !Object.is(twoLane[i], Math.log(x)));
    expect(laneMismatches).toEqual([]);
    // The polar method's s: sums of two squares of multiples of 2^-31, in (0, 1).
    const state = aleaState('log');
    let bad = 0;
    const samples = new Float64Array(300_000);
    let u = state.s0;
    for (let n = 0; n < 300_000; n++) {
      u = (u * 69069 + 0.123456789) % 1;
      const v1 = 2 * (Math.floor(u * 2 ** 32) / 2 ** 32) - 1;
      const v2 = 2 * (Math.floor(((u * 7919) % 1) * 2 ** 32) / 2 ** 32) - 1;
      const s = v1 * v1 + v2 * v2;
      if (!Object.is(log(s), Math.log(s))) bad++;
      samples[n] = s;
    }
    expect(bad).toBe(0);
    const twoLaneSamples = kernel?.logs(samples) as Float64Array;
    expect(samples.filter((x, i) => !Object.is(twoLaneSamples[i], Math.log(x))).length).toBe(0);
  });

  it('is null where WebAssembly cannot be compiled (a strict Content-Security-Policy), so the loop draws instead', () => {
    const refuse = vi.spyOn(WebAssembly, 'Module').mockImplementation(function refuseToCompile() {
      throw new WebAssembly.CompileError('refused by the page');
    });
    try {
      expect(createAleaNormalKernel()).toBeNull();
    } finally {
      refuse.mockRestore();
    }
    expect(createAleaNormalKernel()).not.toBeNull();
  });

  it('keeps the rounds apart: a second draw does not see the first', () => {
    const state = aleaState('5');
    const first = kernel?.draw(10_000, state) as Float32Array;
    kernel?.draw(3, aleaState('6'));
    expect(same(kernel?.draw(10_000, state) as Float32Array, first)).toBe(true);
  });

  // Four of the VAE-GAN's 28 x 28 x 100 noise maps (its batch holds 32): tf.randomNormal itself is slow.
  it('a [4, 28, 28, 100] noise map is the very one tf.randomNormal draws', () => {
    const count = 4 * 28 * 28 * 100;
    const seed = deriveSeed(3, 0);
    const reference = tf.tidy(
      () => tf.randomNormal([count], 0, 1, 'float32', seed).dataSync() as Float32Array,
    );
    expect(same(seededNormalValues(count, seed), reference)).toBe(true);
  });
});
