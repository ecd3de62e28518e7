import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidOptionError, loadWasmFft, melSpectrogram, powerToDb, SpectrogramEncoder } from '../index';
import { PFFFT_SIMD_WASM_BASE64, PFFFT_WASM_SHA256, PFFFT_WASM_VERSION } from './pffft-simd-wasm';

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
