import { InvalidOptionError } from '@ifa/core';
import { toMono } from '../channels';
import { assertPositiveFinite, assertPositiveInteger } from '../errors/assert';
import { AudioTooLongError } from '../errors/audio-too-long-error';
import { EmptyAudioError } from '../errors/empty-audio-error';
import { InvalidSignalError } from '../errors/invalid-signal-error';
import { SilentAudioError } from '../errors/silent-audio-error';
import { type FftBackend, resolveFft } from '../fft';
import { loadWasmFft } from '../fft/wasm';
import type { MelNorm } from '../mel';
import { melSpectrogram, resolveMelSpectrogramOptions } from '../mel-spectrogram';
import { powerToDb } from '../power-to-db';
import { resample } from '../resample';
import type { PadMode } from '../stft';
import type { DecodedAudio } from '../wav';
import type { WindowName } from '../windows';

/** A grey-scale image, row-major `[row][column]`, values in [0, 1]. Row 0 is the top of the picture. */
export interface SpectrogramImage {
  data: Float32Array;
  height: number;
  width: number;
}

/**
 * How a clip of any length becomes exactly `nFrames` columns.
 * - `'stretch'` (default): the whole (trimmed) clip is spread over the width. The mel power of the STFT
 *   frames is area-averaged into `nFrames` equal time spans (fractional overlaps weighted), so a 0.14 s and
 *   a 2.28 s digit both fill the picture. Absolute duration is lost; shape over time is kept.
 * - `'pad'`: columns are STFT frames, `hopLength` apart. Shorter clips are centred between silent columns,
 *   longer ones keep their central `nFrames` frames.
 */
export type FitMode = 'stretch' | 'pad';

/** Every setting of a {@link SpectrogramEncoder}. Plain JSON: store it with a model. */
export interface SpectrogramEncoderConfig {
  /** Audio is resampled to this rate (Hz) first. */
  sampleRate: number;
  /** Image height: mel bands. */
  nMels: number;
  /** Image width: time columns. */
  nFrames: number;
  nFft: number;
  hopLength: number;
  winLength: number;
  window: WindowName;
  center: boolean;
  padMode: PadMode;
  power: number;
  fMin: number;
  fMax: number;
  htk: boolean;
  norm: MelNorm;
  fit: FitMode;
  /** Drop leading/trailing STFT frames whose power is this many dB below the loudest frame; null keeps all. */
  trimTopDb: number | null;
  /** Dynamic range of the image: the loudest cell is 1, `topDb` below it (or quieter) is 0. */
  topDb: number;
  amin: number;
}

/**
 * What the encoder refuses: input that would make a meaningless picture. These are not features (they
 * never change an image that is made), so they are not part of {@link SpectrogramEncoderConfig}, its cache
 * keys or a model's stored encoder config. Set them per encoder (`new SpectrogramEncoder(config, limits)`)
 * or per call (`encode(signal, rate, { ...limits, source })`).
 */
export interface EncoderLimits {
  /** Encode digital silence as an all-zero image instead of throwing `SilentAudioError`. Default false. */
  allowSilence?: boolean;
  /**
   * Longest sound, in seconds, that the image may picture, measured after `trimTopDb` trimming; longer
   * input throws `AudioTooLongError`. `null` turns the check off. Default
   * {@link DEFAULT_MAX_DURATION_SECONDS} (10) with `fit: 'stretch'`, and `null` (no limit) with
   * `fit: 'pad'`: a padded image shows a fixed `nFrames * hopLength` window whatever the clip's length
   * (longer clips give their central window), so a long clip is not squeezed and there is nothing to
   * refuse. An explicit number is still honoured in either mode.
   */
  maxDurationSeconds?: number | null;
}

/**
 * How an encoder computes, not what: never part of {@link SpectrogramEncoderConfig}. Images from the two
 * FFT backends agree to float32 rounding (about 1e-6 of the range), not bit for bit.
 */
export interface EncoderRuntime {
  /** Default: pure JavaScript. `await loadWasmFft()` for PFFFT in WebAssembly SIMD (see `create`). */
  fft?: FftBackend;
}

/** Options of one `encode` / `encodeAudio` call; unset limits fall back to the encoder's own. */
export interface EncodeOptions extends EncoderLimits {
  /** Names the audio (a file path, a record id) in error messages. Default: `audio.source` if set. */
  source?: string;
}

/**
 * Default `maxDurationSeconds` for `fit: 'stretch'`. 28 columns over 10 s is 0.36 s a column: already
 * more than the shortest FSDD digit (0.14 s) and over 4x the longest clip (2.28 s). Longer, and a spoken
 * word shrinks to a column or less. `fit: 'pad'` never squeezes, so it has no default limit.
 */
export const DEFAULT_MAX_DURATION_SECONDS = 10;

/**
 * A sample peak below this (-120 dBFS) is digital silence: it is below the smallest non-zero 16-bit sample
 * (3.1e-5) and about 8 steps of 24-bit audio.
 */
export const SILENCE_PEAK = 1e-6;

/**
 * Defaults for FSDD-like speech: 8 kHz, 28 x 28. A 256-sample (32 ms) Hann window with a 64-sample (8 ms)
 * hop resolves pitch harmonics and gives even the shortest FSDD digit (0.14 s) 18 frames before
 * stretching; the lowest of the 28 Slaney mel bands is ~78 Hz wide, spanning several 31 Hz FFT bins.
 */
export const DEFAULT_SPECTROGRAM_ENCODER_CONFIG: Readonly<SpectrogramEncoderConfig> = Object.freeze({
  sampleRate: 8000,
  nMels: 28,
  nFrames: 28,
  nFft: 256,
  hopLength: 64,
  winLength: 256,
  window: 'hann',
  center: true,
  padMode: 'constant',
  power: 2,
  fMin: 0,
  fMax: 4000,
  htk: false,
  norm: 'slaney',
  fit: 'stretch',
  trimTopDb: 40,
  topDb: 80,
  amin: 1e-10,
});

/**
 * Settings for general sounds (surf, rain, birdsong, traffic, a campfire...) rather than speech: 64 x 64
 * images of a fixed ~1.02 s window. Why each value:
 * - `sampleRate` 16000: keeps everything up to 8 kHz, where most of the character of environmental
 *   sounds lies (bird chirps at 2-6 kHz, the hiss of rain and surf), at half the cost of 32 kHz.
 * - `nMels` 64: twice FSDD's bands, to tell broadband textures (rain vs surf) apart; matches the 64-pixel
 *   images, so the inputs are square.
 * - `nFft` 512 / `winLength` 512 (32 ms, 31 Hz bins): the same time-frequency trade-off as the speech
 *   default at twice the rate, fine enough that the lowest of 64 Slaney bands spans several bins.
 * - `hopLength` 256 (16 ms) with `nFrames` 64: the image covers 64 x 256 = 16384 samples, 1.02 s, long
 *   enough to hold a bird phrase, a few rain drops or part of a wave, short enough to cut several
 *   training windows from a 3-10 s clip (see {@link windowStarts}).
 * - `fMax` 8000: the Nyquist frequency of 16 kHz.
 * - `fit` 'pad': a texture has no start or end to align, and stretching would change its rhythm (a
 *   slow swell would look like fast rain); 'pad' keeps one column per 16 ms frame, cropping the central
 *   second of longer clips and centring shorter ones between silent columns.
 * - `trimTopDb` null: trimming "silence" would cut quiet but meaningful parts (distant wind, soft roar)
 *   and make the time scale depend on loudness.
 * The rest (Hann window, centred frames, power 2, Slaney mel, 80 dB range) is as in
 * {@link DEFAULT_SPECTROGRAM_ENCODER_CONFIG}.
 */
export const GENERAL_SOUND_ENCODER_CONFIG: Readonly<SpectrogramEncoderConfig> = Object.freeze({
  ...DEFAULT_SPECTROGRAM_ENCODER_CONFIG,
  sampleRate: 16000,
  nMels: 64,
  nFrames: 64,
  nFft: 512,
  hopLength: 256,
  winLength: 512,
  fMax: 8000,
  fit: 'pad',
  trimTopDb: null,
});

/** Options of {@link windowStarts} and {@link cropWindows}. */
export interface WindowOptions {
  /** Samples in one window (at the signal's own rate). */
  windowSamples: number;
  /** Most windows to return. Default 1 (the central window). */
  maxCrops?: number;
  /**
   * Least distance, in samples, between the starts of neighbouring windows, so a clip only a little
   * longer than a window does not give near-copies of one window. Default half a window.
   */
  minStride?: number;
}

/**
 * Where to cut windows of `windowSamples` from a clip of `length` samples: start indices, ascending.
 * A clip no longer than one window gives `[0]` (the whole clip; the encoder pads it). Otherwise one
 * window gives the central one, and n > 1 windows are spread evenly from the first sample to the last,
 * with n = min(maxCrops, 1 + floor((length - windowSamples) / minStride)).
 */
export function windowStarts(length: number, options: WindowOptions): number[] {
  const { windowSamples } = options;
  const maxCrops = options.maxCrops ?? 1;
  assertPositiveInteger('windowSamples', windowSamples);
  assertPositiveInteger('maxCrops', maxCrops);
  const minStride = options.minStride ?? Math.max(1, Math.floor(windowSamples / 2));
  assertPositiveInteger('minStride', minStride);
  if (!Number.isSafeInteger(length) || length < 0) {
    throw new InvalidOptionError({ option: 'length', value: length, expected: 'a whole number of samples' });
  }
  const slack = length - windowSamples;
  if (slack <= 0) return [0];
  const count = Math.min(maxCrops, 1 + Math.floor(slack / minStride));
  if (count === 1) return [Math.floor(slack / 2)];
  return Array.from({ length: count }, (_, i) => Math.round((i * slack) / (count - 1)));
}

/**
 * The windows of {@link windowStarts}, as views into `samples` (no copy). A clip no longer than one
 * window is returned whole.
 */
export function cropWindows(samples: Float32Array, options: WindowOptions): Float32Array[] {
  return windowStarts(samples.length, options).map((start) =>
    samples.subarray(start, Math.min(samples.length, start + options.windowSamples)),
  );
}

function resolveConfig(config: Partial<SpectrogramEncoderConfig>): SpectrogramEncoderConfig {
  const merged: SpectrogramEncoderConfig = { ...DEFAULT_SPECTROGRAM_ENCODER_CONFIG };
  for (const [key, value] of Object.entries(config)) {
    if (!(key in DEFAULT_SPECTROGRAM_ENCODER_CONFIG)) {
      throw new InvalidOptionError({
        option: 'SpectrogramEncoder option',
        value: key,
        expected: `one of ${Object.keys(DEFAULT_SPECTROGRAM_ENCODER_CONFIG).join(', ')}`,
      });
    }
    if (value !== undefined) (merged as unknown as Record<string, unknown>)[key] = value;
  }
  // A new sample rate with no explicit fMax means "up to the new Nyquist".
  if (config.sampleRate !== undefined && config.fMax === undefined) merged.fMax = merged.sampleRate / 2;
  if (config.nFft !== undefined && config.winLength === undefined) merged.winLength = merged.nFft;
  const window: unknown = merged.window;
  if (typeof window !== 'string') {
    throw new InvalidOptionError(
      {
        option: 'window',
        // A sample array would print every sample; name its kind instead.
        value: ArrayBuffer.isView(window) ? `a ${window.constructor.name}` : window,
        expected: "a window name: 'hann', 'hamming', 'blackman' or 'rectangular'",
      },
      { hint: 'SpectrogramEncoder needs a window name so its config stays plain JSON.' },
    );
  }
  assertPositiveInteger('nFrames', merged.nFrames);
  assertPositiveFinite('topDb', merged.topDb);
  if (merged.trimTopDb !== null) assertPositiveFinite('trimTopDb', merged.trimTopDb);
  if (merged.fit !== 'stretch' && merged.fit !== 'pad') {
    throw new InvalidOptionError({ option: 'fit', value: merged.fit, expected: "'stretch' or 'pad'" });
  }
  // Let the spectrogram resolver check the rest in the one place it is checked.
  resolveMelSpectrogramOptions(merged);
  return merged;
}

function resolveLimits(limits: EncoderLimits, fallback: Required<EncoderLimits>): Required<EncoderLimits> {
  const allowSilence: unknown = limits.allowSilence ?? fallback.allowSilence;
  if (typeof allowSilence !== 'boolean') {
    throw new InvalidOptionError({ option: 'allowSilence', value: allowSilence, expected: 'true or false' });
  }
  const max: unknown =
    limits.maxDurationSeconds === undefined ? fallback.maxDurationSeconds : limits.maxDurationSeconds;
  if (max !== null && (typeof max !== 'number' || !Number.isFinite(max) || max <= 0)) {
    throw new InvalidOptionError(
      { option: 'maxDurationSeconds', value: max, expected: 'a positive number of seconds, or null' },
      { hint: 'null turns the length check off.' },
    );
  }
  return { allowSilence, maxDurationSeconds: max as number | null };
}

function sourceOf(signal: Float32Array | readonly Float32Array[] | DecodedAudio): string | undefined {
  if (signal instanceof Float32Array || Array.isArray(signal)) return undefined;
  return (signal as DecodedAudio).source;
}

function mixDown(signal: Float32Array | readonly Float32Array[] | DecodedAudio): Float32Array {
  if (signal instanceof Float32Array) return signal;
  const channelData = Array.isArray(signal) ? signal : (signal as DecodedAudio).channelData;
  return toMono({ sampleRate: 1, channelData: channelData as Float32Array[] });
}

/** Index range [first, last) of frames within `trimTopDb` of the loudest frame. */
function trimRange(
  power: Float32Array,
  nMels: number,
  nFrames: number,
  trimTopDb: number | null,
): [number, number] {
  if (trimTopDb === null || nFrames === 0) return [0, nFrames];
  const energy = new Float64Array(nFrames);
  for (let m = 0; m < nMels; m++) for (let t = 0; t < nFrames; t++) energy[t]! += power[m * nFrames + t]!;
  let peak = 0;
  for (let t = 0; t < nFrames; t++) if (energy[t]! > peak) peak = energy[t]!;
  if (peak === 0) return [0, nFrames];
  const threshold = peak * 10 ** (-trimTopDb / 10);
  let first = 0;
  while (energy[first]! < threshold) first++;
  let last = nFrames;
  while (energy[last - 1]! < threshold) last--;
  return [first, last];
}

/** Area-averages frames [first, last) of each mel row into `width` equal spans. */
function stretch(
  power: Float32Array,
  nMels: number,
  nFrames: number,
  first: number,
  last: number,
  width: number,
) {
  const out = new Float32Array(nMels * width);
  const count = last - first;
  if (count <= 0) return out;
  const span = count / width;
  // Which frames overlap each column, and by how much: the same for every mel row, so worked out once.
  const spanStart = new Int32Array(width + 1);
  const frames: number[] = [];
  const overlaps: number[] = [];
  for (let c = 0; c < width; c++) {
    const from = c * span;
    const to = (c + 1) * span;
    for (let i = Math.floor(from); i < Math.min(count, Math.ceil(to)); i++) {
      const overlap = Math.min(to, i + 1) - Math.max(from, i);
      if (overlap > 0) {
        frames.push(i);
        overlaps.push(overlap);
      }
    }
    spanStart[c + 1] = frames.length;
  }
  for (let m = 0; m < nMels; m++) {
    const row = m * nFrames + first;
    for (let c = 0; c < width; c++) {
      let sum = 0;
      for (let p = spanStart[c]!; p < spanStart[c + 1]!; p++) sum += overlaps[p]! * power[row + frames[p]!]!;
      out[m * width + c] = sum / span;
    }
  }
  return out;
}

/** Centres frames [first, last) in `width` columns, cropping the middle when there are more. */
function padOrCrop(
  power: Float32Array,
  nMels: number,
  nFrames: number,
  first: number,
  last: number,
  width: number,
) {
  const out = new Float32Array(nMels * width);
  const count = last - first;
  const source = count > width ? first + Math.floor((count - width) / 2) : first;
  const target = count < width ? Math.floor((width - count) / 2) : 0;
  const copied = Math.min(count, width);
  for (let m = 0; m < nMels; m++) {
    for (let i = 0; i < copied; i++) out[m * width + target + i] = power[m * nFrames + source + i]!;
  }
  return out;
}

/**
 * Turns audio into the fixed-size mel spectrogram image the models take. Deterministic: the same samples
 * and config always give the same image.
 *
 * ```ts
 * const encoder = new SpectrogramEncoder(); // 28 x 28 at 8 kHz
 * const image = encoder.encode(samples, 8000);
 * ```
 */
export class SpectrogramEncoder {
  /** The fully resolved settings, plain JSON. */
  readonly config: Readonly<SpectrogramEncoderConfig>;
  /** What this encoder refuses, fully resolved (see {@link EncoderLimits}); calls may override them. */
  readonly limits: Readonly<Required<EncoderLimits>>;
  /** Where its FFTs run: `fft.name` is `'js'` (the default) or `'pffft-wasm-simd'`. */
  readonly fft: FftBackend;

  /**
   * An encoder whose FFTs run in WebAssembly SIMD (PFFFT, see `loadWasmFft`): the same images to float32
   * rounding, several times faster. `encode` stays synchronous; only loading the module is asynchronous.
   * Falls back to pure JavaScript where WebAssembly SIMD is missing.
   */
  static async create(
    config: Partial<SpectrogramEncoderConfig> = {},
    limits: EncoderLimits = {},
  ): Promise<SpectrogramEncoder> {
    return new SpectrogramEncoder(config, limits, { fft: await loadWasmFft() });
  }

  /**
   * `config` sets the features (store it with a model); `limits` what every call refuses by default
   * (see {@link EncoderLimits}); `runtime` how it computes (see {@link EncoderRuntime}).
   */
  constructor(
    config: Partial<SpectrogramEncoderConfig> = {},
    limits: EncoderLimits = {},
    runtime: EncoderRuntime = {},
  ) {
    this.fft = resolveFft(runtime.fft);
    this.config = Object.freeze(resolveConfig(config));
    this.limits = Object.freeze(
      resolveLimits(limits, {
        allowSilence: false,
        // 'pad' shows a fixed window of any clip, so length alone is no reason to refuse one.
        maxDurationSeconds: this.config.fit === 'pad' ? null : DEFAULT_MAX_DURATION_SECONDS,
      }),
    );
  }

  /**
   * Samples, at `sampleRate`, of the audio one image shows with `fit: 'pad'`: `nFrames * hopLength` at
   * the encoder's rate (16384, 1.02 s, for {@link GENERAL_SOUND_ENCODER_CONFIG}), rounded.
   */
  windowSamples(sampleRate: number = this.config.sampleRate): number {
    assertPositiveFinite('sampleRate', sampleRate);
    const { nFrames, hopLength, sampleRate: rate } = this.config;
    return Math.max(1, Math.round((nFrames * hopLength * sampleRate) / rate));
  }

  /**
   * Images of up to `maxCrops` evenly spaced windows of one clip (see {@link windowStarts}), each exactly
   * `encode` of that window's samples: training data from clips longer than one image. Windows are
   * {@link windowSamples} long; a clip no longer than that gives one image of the whole clip.
   */
  encodeWindows(
    signal: Float32Array | readonly Float32Array[] | DecodedAudio,
    sampleRate: number,
    options: EncodeOptions & { maxCrops?: number; minStride?: number } = {},
  ): SpectrogramImage[] {
    const { maxCrops, minStride, ...encodeOptions } = options;
    const source = options.source ?? sourceOf(signal);
    const mono = mixDown(signal);
    const windows = cropWindows(mono, {
      windowSamples: this.windowSamples(sampleRate),
      ...(maxCrops !== undefined && { maxCrops }),
      ...(minStride !== undefined && { minStride }),
    });
    return windows.map((window) =>
      this.encode(window, sampleRate, { ...encodeOptions, ...(source !== undefined && { source }) }),
    );
  }

  /** Image height (mel bands) and width (columns). */
  get shape(): { height: number; width: number } {
    return { height: this.config.nMels, width: this.config.nFrames };
  }

  /**
   * Encodes a mono signal, or channels to be averaged, recorded at `sampleRate` Hz. Throws
   * `EmptyAudioError` for 0 samples, {@link InvalidSignalError} if a sample is NaN or infinite,
   * `SilentAudioError` for digital silence (unless `allowSilence`), and `AudioTooLongError` when the
   * trimmed sound is longer than `maxDurationSeconds`. Errors name `options.source` when given.
   */
  encode(
    signal: Float32Array | readonly Float32Array[] | DecodedAudio,
    sampleRate: number,
    options: EncodeOptions = {},
  ): SpectrogramImage {
    const c = this.config;
    const source = options.source ?? sourceOf(signal);
    const { allowSilence, maxDurationSeconds } = resolveLimits(options, this.limits);
    const named = source === undefined ? {} : { source };
    assertPositiveFinite('sampleRate', sampleRate);
    let mono = mixDown(signal);
    if (mono.length === 0) throw new EmptyAudioError(named);
    let peak = 0;
    // x * 0 is 0 for finite x and NaN for NaN and infinities, so one sum checks every sample without a
    // branch per sample; the offending sample is looked for only when there is one.
    let poison = 0;
    for (let i = 0; i < mono.length; i++) {
      const value = mono[i]!;
      poison += value * 0;
      const magnitude = Math.abs(value);
      peak = magnitude > peak ? magnitude : peak;
    }
    if (poison !== 0) {
      const index = mono.findIndex((value) => !Number.isFinite(value));
      throw new InvalidSignalError(
        `sample ${index} is ${mono[index]}; the encoder needs finite samples.`,
        named,
      );
    }
    if (peak < SILENCE_PEAK && !allowSilence) {
      throw new SilentAudioError(
        peak === 0
          ? `all ${mono.length} samples are 0`
          : `its loudest sample is ${peak.toExponential(1)}, below ${SILENCE_PEAK.toExponential()} (-120 dBFS)`,
        peak,
        named,
      );
    }
    const clipSeconds = mono.length / sampleRate;
    if (sampleRate !== c.sampleRate) mono = resample(mono, sampleRate, c.sampleRate);
    const mel = melSpectrogram(mono, { ...c, fft: this.fft });
    const [first, last] = trimRange(mel.data, mel.nMels, mel.nFrames, c.trimTopDb);
    if (maxDurationSeconds !== null && clipSeconds > maxDurationSeconds) {
      // Only the kept frames are squeezed into the columns; silence trimmed at the ends does not count.
      const trimmed = first > 0 || last < mel.nFrames;
      const durationSeconds = trimmed
        ? Math.min(clipSeconds, ((last - first) * c.hopLength) / c.sampleRate)
        : clipSeconds;
      if (durationSeconds > maxDurationSeconds) {
        throw new AudioTooLongError({ durationSeconds, maxDurationSeconds, columns: c.nFrames }, named);
      }
    }
    const fitted =
      c.fit === 'stretch'
        ? stretch(mel.data, mel.nMels, mel.nFrames, first, last, c.nFrames)
        : padOrCrop(mel.data, mel.nMels, mel.nFrames, first, last, c.nFrames);
    return this.toImage(fitted, allowSilence, peak, named);
  }

  /** Encodes decoded audio at its own sample rate, mixing its channels (see {@link encode}). */
  encodeAudio(audio: DecodedAudio, options: EncodeOptions = {}): SpectrogramImage {
    const source = options.source ?? audio.source;
    return this.encode(audio.channelData, audio.sampleRate, {
      ...options,
      ...(source !== undefined && { source }),
    });
  }

  private toImage(
    power: Float32Array,
    allowSilence: boolean,
    samplePeak: number,
    named: { source?: string },
  ): SpectrogramImage {
    const { nMels: height, nFrames: width, topDb, amin } = this.config;
    const data = new Float32Array(height * width);
    let peak = 0;
    for (let i = 0; i < power.length; i++) if (power[i]! > peak) peak = power[i]!;
    if (peak <= amin && !allowSilence) {
      const floorDb = (10 * Math.log10(amin)).toFixed(0);
      throw new SilentAudioError(
        `its loudest spectrogram cell is at or below the floor, amin ${amin} (${floorDb} dB)`,
        samplePeak,
        named,
      );
    }
    if (peak > amin) {
      const db = powerToDb(power, { ref: 'max', amin, topDb, fft: this.fft });
      for (let m = 0; m < height; m++) {
        // Low frequencies at the bottom, as spectrograms are usually drawn.
        const row = height - 1 - m;
        for (let t = 0; t < width; t++) {
          const value = (db[m * width + t]! + topDb) / topDb;
          data[row * width + t] = Math.min(1, Math.max(0, value));
        }
      }
    }
    return { data, height, width };
  }
}
