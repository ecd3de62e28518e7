/**
 * Agreement with librosa's conventions, checked against fixtures written by
 * scripts/librosa_reference.py (numpy/scipy, independent of this package's code).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SPECTROGRAM_ENCODER_CONFIG,
  decodeWav,
  type FftBackend,
  loadWasmFft,
  type MelSpectrogramOptions,
  melSpectrogram,
  powerToDb,
  SpectrogramEncoder,
  type SpectrogramEncoderConfig,
  toMono,
} from './index';
import { type MelFilterBankOptions, melFilterBank } from './mel';

const fixtures = new URL('./__fixtures__/', import.meta.url);

interface Manifest {
  melSpectrograms: {
    setting: string;
    wav: string;
    sampleRate: number;
    options: Omit<MelSpectrogramOptions, 'sampleRate'>;
    nMels: number;
    nFrames: number;
    db: string;
  }[];
  filterBanks: { options: MelFilterBankOptions; weights: string }[];
  encoderImages: { wav: string; config: Partial<SpectrogramEncoderConfig>; image: string }[];
}

const manifest = JSON.parse(readFileSync(new URL('librosa/manifest.json', fixtures), 'utf8')) as Manifest;

// Every comparison runs with the default pure-JS FFT and with the opt-in WebAssembly one (float32).
const wasmFft = await loadWasmFft();
const backends: [string, FftBackend | undefined][] = [
  ['js', undefined],
  ['wasm', wasmFft],
];

function readF32(name: string): Float32Array {
  const bytes = readFileSync(new URL(`librosa/${name}`, fixtures));
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new Float32Array(copy.buffer);
}

function readSignal(wav: string) {
  const audio = decodeWav(new Uint8Array(readFileSync(new URL(wav, fixtures))));
  return { sampleRate: audio.sampleRate, signal: toMono(audio) };
}

describe('melSpectrogram + powerToDb agree with the librosa reference', () => {
  it('covers FSDD and synthetic signals over several settings', () => {
    const settings = new Set(manifest.melSpectrograms.map((m) => m.setting));
    expect(settings.size).toBeGreaterThanOrEqual(5);
    expect(manifest.melSpectrograms.some((m) => m.wav.startsWith('fsdd/'))).toBe(true);
    expect(manifest.melSpectrograms.some((m) => m.wav.startsWith('librosa/'))).toBe(true);
    expect(manifest.melSpectrograms.some((m) => m.options.htk === true)).toBe(true);
  });

  it('has the WebAssembly SIMD backend here', () => {
    expect(wasmFft.name).toBe('pffft-wasm-simd');
  });

  for (const entry of manifest.melSpectrograms) {
    it.each(backends)(
      `${entry.setting} on ${entry.wav} (%s FFT): within 1e-3 dB where the reference is above -70 dB`,
      (_, fft) => {
        const { sampleRate, signal } = readSignal(entry.wav);
        expect(sampleRate).toBe(entry.sampleRate);
        const spec = melSpectrogram(signal, { ...entry.options, sampleRate, fft });
        expect(spec.nMels).toBe(entry.nMels);
        expect(spec.nFrames).toBe(entry.nFrames);
        const db = powerToDb(spec.data, { ref: 1, amin: 1e-10, topDb: null });
        const reference = readF32(entry.db);
        expect(db).toHaveLength(reference.length);
        // The wasm FFT is float32: its rounding shows in cells more than ~85 dB below the spectrogram's peak
        // (0.016 dB at 108 dB below a pure tone), so it is held to librosa down to 80 dB below the peak,
        // the whole range an encoder image shows.
        let peak = Number.NEGATIVE_INFINITY;
        for (const value of reference) peak = Math.max(peak, value);
        const floor = fft === undefined ? -70 : Math.max(-70, peak - 80);
        let compared = 0;
        let worst = 0;
        for (let i = 0; i < reference.length; i++) {
          if (reference[i]! > floor) {
            compared++;
            worst = Math.max(worst, Math.abs(db[i]! - reference[i]!));
          }
        }
        expect(compared).toBeGreaterThan(reference.length / 4);
        expect(worst).toBeLessThan(1e-3);
      },
    );
  }
});

describe('melFilterBank equals librosa.filters.mel', () => {
  for (const { options, weights } of manifest.filterBanks) {
    it(JSON.stringify(options), () => {
      const bank = melFilterBank(options);
      const reference = readF32(weights);
      expect(bank).toHaveLength(reference.length);
      let peak = 0;
      for (const value of reference) peak = Math.max(peak, value);
      for (let i = 0; i < reference.length; i++) {
        expect(Math.abs(bank[i]! - reference[i]!)).toBeLessThanOrEqual(1e-6 * peak);
      }
    });
  }
});

describe('SpectrogramEncoder equals the reference pipeline', () => {
  for (const { wav, config, image } of manifest.encoderImages) {
    it.each(backends)(`${wav} with ${JSON.stringify(config)} (%s FFT)`, (_, fft) => {
      const { sampleRate, signal } = readSignal(wav);
      const encoder = new SpectrogramEncoder(config, {}, { fft });
      expect(encoder.config).toEqual({ ...DEFAULT_SPECTROGRAM_ENCODER_CONFIG, ...config });
      const ours = encoder.encode(signal, sampleRate);
      const reference = readF32(image);
      expect(ours.data).toHaveLength(reference.length);
      for (let i = 0; i < reference.length; i++) {
        // 1e-4 of the [0, 1] range is 0.008 dB of the 80 dB scale.
        expect(Math.abs(ours.data[i]! - reference[i]!)).toBeLessThan(1e-4);
      }
    });
  }
});
