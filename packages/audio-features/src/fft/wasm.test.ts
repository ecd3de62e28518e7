import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileSpectrogramKernelsWat } from '../../scripts/compile-spectrogram-kernels-wat.mjs';
import {
  type FftBackend,
  InvalidOptionError,
  loadWasmFft,
  type MelSpectrogramOptions,
  melSpectrogram,
  powerToDb,
  SpectrogramEncoder,
} from '../index';
import { PFFFT_SIMD_WASM_BASE64, PFFFT_WASM_SHA256, PFFFT_WASM_VERSION } from './pffft-simd-wasm';
import { SPECTROGRAM_KERNELS_WASM_BASE64, SPECTROGRAM_KERNELS_WASM_SHA256 } from './spectrogram-kernels-wasm';

function noise(length: number, seed: number): Float32Array {
  let a = seed;
  return Float32Array.from({ length }, () => {
    a = (a * 1103515245 + 12345) >>> 0;
    return (a / 2 ** 32 - 0.5) * 0.2;
  });
}

describe('loadWasmFft', () => {
  it('embeds exactly the installed @echogarden/pffft-wasm SIMD build (rerun scripts/embed-pffft-wasm.mjs)', () => {
    const require = createRequire(import.meta.url);
    const glue = require.resolve('@echogarden/pffft-wasm/simd');
    const installed = readFileSync(join(dirname(glue), 'pffft.wasm'));
    const version = JSON.parse(readFileSync(join(dirname(glue), '..', '..', 'package.json'), 'utf8')).version;
    expect(PFFFT_WASM_VERSION).toBe(version);
    const embedded = Buffer.from(PFFFT_SIMD_WASM_BASE64, 'base64');
    expect(createHash('sha256').update(embedded).digest('hex')).toBe(PFFFT_WASM_SHA256);
    expect(embedded.equals(installed)).toBe(true);
  });

  it('embeds exactly spectrogram-kernels.wat as compiled now (rerun scripts/build-spectrogram-kernels-wasm.mjs)', async () => {
    const { wasm, sha256 } = await compileSpectrogramKernelsWat();
    const embedded = Buffer.from(SPECTROGRAM_KERNELS_WASM_BASE64, 'base64');
    expect(sha256).toBe(SPECTROGRAM_KERNELS_WASM_SHA256);
    expect(embedded.equals(Buffer.from(wasm))).toBe(true);
  });

  it('loads once and gives the same spectrogram as the JS FFT to float32 rounding', async () => {
    const fft = await loadWasmFft();
    expect(fft.name).toBe('pffft-wasm-simd');
    expect(await loadWasmFft()).toBe(fft);
    const signal = noise(16000, 3);
    for (const options of [
      { sampleRate: 16000, nFft: 512, hopLength: 128, nMels: 64 },
      { sampleRate: 16000, nFft: 256, hopLength: 100, nMels: 40, power: 1, padMode: 'reflect' as const },
      { sampleRate: 16000, nFft: 2048, nMels: 128, center: false },
    ]) {
      const js = powerToDb(melSpectrogram(signal, options).data, { ref: 'max' });
      const wasm = powerToDb(melSpectrogram(signal, { ...options, fft }).data, { ref: 'max' });
      expect(wasm).toHaveLength(js.length);
      let worst = 0;
      for (let i = 0; i < js.length; i++) worst = Math.max(worst, Math.abs(wasm[i]! - js[i]!));
      expect(worst).toBeLessThan(1e-3);
    }
  });

  describe('the whole frame loop in one call (spectrogram-kernels.wat)', () => {
    /** The same backend without its whole-loop entry: PFFFT one frame at a time, the rest in JS. */
    const perFrame = (fft: FftBackend): FftBackend => ({
      name: 'per-frame',
      kernel: (size) => fft.kernel(size),
    });
    const worstDb = (a: Float32Array, b: Float32Array) => {
      const da = powerToDb(a, { ref: 'max' });
      const db = powerToDb(b, { ref: 'max' });
      let worst = 0;
      for (let i = 0; i < da.length; i++) worst = Math.max(worst, Math.abs(da[i]! - db[i]!));
      return worst;
    };
    const cases: [string, Float32Array, MelSpectrogramOptions][] = [
      [
        '16 kHz, nFft 512, 64 mels',
        noise(16000, 11),
        { sampleRate: 16000, nFft: 512, hopLength: 128, nMels: 64 },
      ],
      [
        'magnitude, reflect padding, hop not a multiple of 4',
        noise(5000, 12),
        { sampleRate: 16000, nFft: 256, hopLength: 75, nMels: 40, power: 1, padMode: 'reflect' },
      ],
      // At 8 kHz and nFft 256, 128 mel bands are narrower than a bin: the lowest filters are empty.
      ['empty filters', noise(4000, 13), { sampleRate: 8000, nFft: 256, nMels: 128 }],
      [
        'winLength < nFft, fMin and fMax',
        noise(3000, 14),
        { sampleRate: 8000, nFft: 512, winLength: 300, fMin: 100, fMax: 3000, nMels: 28 },
      ],
      [
        'shorter than half a frame',
        noise(100, 15),
        { sampleRate: 8000, nFft: 512, nMels: 20, padMode: 'reflect' },
      ],
      ['no frame at all', noise(100, 16), { sampleRate: 8000, nFft: 512, nMels: 20, center: false }],
    ];

    it.each(cases)(
      '%s: equals the JS FFT and the frame-at-a-time path to float32 rounding',
      async (_, signal, options) => {
        const fft = await loadWasmFft();
        const js = melSpectrogram(signal, options);
        const whole = melSpectrogram(signal, { ...options, fft });
        const frames = melSpectrogram(signal, { ...options, fft: perFrame(fft) });
        expect([whole.nMels, whole.nFrames]).toEqual([js.nMels, js.nFrames]);
        expect(whole.data).toHaveLength(js.data.length);
        if (js.data.length === 0) return;
        expect(worstDb(whole.data, js.data)).toBeLessThan(1e-3);
        expect(worstDb(whole.data, frames.data)).toBeLessThan(1e-3);
      },
    );

    it('takes power 1 and 2 and leaves other powers to the frame-at-a-time path', async () => {
      const fft = await loadWasmFft();
      const taken: boolean[] = [];
      const watched: FftBackend = {
        name: fft.name,
        kernel: (size) => fft.kernel(size),
        melFrames: (job) => {
          const took = fft.melFrames!(job);
          taken.push(took);
          return took;
        },
      };
      const signal = noise(2000, 17);
      for (const power of [1, 2, 1.5]) {
        const options = { sampleRate: 8000, nFft: 256, nMels: 20, power };
        const wasm = melSpectrogram(signal, { ...options, fft: watched });
        expect(worstDb(wasm.data, melSpectrogram(signal, options).data)).toBeLessThan(1e-3);
      }
      expect(taken).toEqual([true, true, false]);
    });

    it('reuses its heap: nothing an earlier clip left there reaches a later spectrogram', async () => {
      const fft = await loadWasmFft();
      const options = { sampleRate: 16000, nFft: 512, nMels: 64 };
      const loud = Float32Array.from(noise(48000, 18), (x) => 50 * x);
      for (const signal of [loud, noise(700, 19), loud, new Float32Array(900), noise(1200, 20)]) {
        const js = melSpectrogram(signal, options);
        const whole = melSpectrogram(signal, { ...options, fft });
        if (signal.every((x) => x === 0)) {
          expect(whole.data.every((x) => x === 0)).toBe(true);
          continue;
        }
        expect(worstDb(whole.data, js.data)).toBeLessThan(1e-3);
      }
      // Filter banks are packed into the heap on first use, where freed scratch of loud samples may lie.
      const longer = Float32Array.from(noise(96000, 21), (x) => 1e6 * x);
      melSpectrogram(longer, { ...options, fft });
      for (const nMels of [50, 37, 23]) {
        const signal = noise(3000, nMels);
        const js = melSpectrogram(signal, { ...options, nMels });
        expect(worstDb(melSpectrogram(signal, { ...options, nMels, fft }).data, js.data)).toBeLessThan(1e-3);
      }
    });
  });

  describe('powerToDb in WebAssembly (powerToDb(values, { fft }))', () => {
    /** Powers over the float32 range, with every kind of value the table method does not take. */
    function powers(length: number, seed: number): Float32Array {
      const values = new Float32Array(length);
      let a = seed;
      for (let i = 0; i < length; i++) {
        a = (a * 1103515245 + 12345) >>> 0;
        values[i] = 2 ** ((a / 2 ** 32) * 250 - 125);
      }
      const specials = [
        0,
        -0,
        1,
        -3,
        1e-45,
        1e-10,
        Number.NaN,
        Number.POSITIVE_INFINITY,
        Number.NEGATIVE_INFINITY,
      ];
      for (let k = 0; k < specials.length && 7 * k < length; k++) values[7 * k] = specials[k]!;
      return values;
    }
    const differing = (a: Float32Array, b: Float32Array) => {
      expect(b).toHaveLength(a.length);
      let count = 0;
      for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) count++;
      return count;
    };

    it('equals the JavaScript to the bit, for every option and length', async () => {
      const fft = await loadWasmFft();
      const options = [
        {},
        { ref: 'max' as const },
        { ref: 2.5, topDb: 20 },
        { amin: 1e-40, topDb: null },
        { ref: -4, amin: 1e-3, topDb: 0 },
      ];
      for (const length of [0, 1, 2, 3, 5, 64, 8063, 100_001]) {
        const values = powers(length, length + 1);
        for (const option of options) {
          expect(differing(powerToDb(values, option), powerToDb(values, { ...option, fft }))).toBe(0);
        }
      }
      // An infinite peak makes every finite cell -Infinity and the infinite one NaN, on both sides.
      const infinite = Float32Array.of(1, Number.POSITIVE_INFINITY, 3);
      expect(differing(powerToDb(infinite, { ref: 'max' }), powerToDb(infinite, { ref: 'max', fft }))).toBe(
        0,
      );
      expect(powerToDb(Float32Array.of(Number.NaN, Number.NaN), { ref: 'max', fft })).toEqual(
        Float32Array.of(Number.NaN, Number.NaN),
      );
    });

    it('keeps to its own heap between spectrograms and larger inputs', async () => {
      const fft = await loadWasmFft();
      const small = powers(1000, 5);
      const expected = powerToDb(small, { ref: 'max' });
      for (const length of [300_000, 10, 600_000]) {
        melSpectrogram(noise(length, length), { sampleRate: 16000, nFft: 512, nMels: 64, fft });
        powerToDb(powers(length, 9), { ref: 'max', fft });
        expect(differing(expected, powerToDb(small, { ref: 'max', fft }))).toBe(0);
      }
    });

    it('rejects anything else as fft', () => {
      expect(() => powerToDb(Float32Array.of(1), { fft: { name: 'x' } as never })).toThrow(
        InvalidOptionError,
      );
    });
  });

  it('falls back to the JS FFT for sizes PFFFT does not take', async () => {
    const fft = await loadWasmFft();
    const signal = noise(800, 5);
    const options = { sampleRate: 8000, nFft: 100, nMels: 10 };
    expect(melSpectrogram(signal, { ...options, fft }).data).toEqual(melSpectrogram(signal, options).data);
  });

  it('SpectrogramEncoder.create uses it; encode stays synchronous', async () => {
    const encoder = await SpectrogramEncoder.create();
    expect(encoder.fft.name).toBe('pffft-wasm-simd');
    expect(new SpectrogramEncoder().fft.name).toBe('js');
    const signal = noise(3360, 7);
    const a = encoder.encode(signal, 8000).data;
    const b = new SpectrogramEncoder().encode(signal, 8000).data;
    for (let i = 0; i < a.length; i++) expect(Math.abs(a[i]! - b[i]!)).toBeLessThan(1e-4);
  });

  it('rejects anything else as fft', () => {
    const bad = { name: 'x' } as never;
    expect(() => melSpectrogram(noise(100, 1), { sampleRate: 8000, nFft: 64, nMels: 4, fft: bad })).toThrow(
      InvalidOptionError,
    );
    expect(() => new SpectrogramEncoder({}, {}, { fft: bad })).toThrow(InvalidOptionError);
  });
});
