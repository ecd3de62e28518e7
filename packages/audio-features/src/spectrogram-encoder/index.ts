import { InvalidOptionError } from '@ifa/core';
import { toMono } from '../channels';
import { assertPositiveFinite, assertPositiveInteger } from '../errors/assert';
import { AudioTooLongError } from '../errors/audio-too-long-error';
import { EmptyAudioError } from '../errors/empty-audio-error';
import { InvalidSignalError } from '../errors/invalid-signal-error';
import { SilentAudioError } from '../errors/silent-audio-error';
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
   * {@link DEFAULT_MAX_DURATION_SECONDS} (10).
   */
  maxDurationSeconds?: number | null;
}

/** Options of one `encode` / `encodeAudio` call; unset limits fall back to the encoder's own. */
export interface EncodeOptions extends EncoderLimits {
  /** Names the audio (a file path, a record id) in error messages. Default: `audio.source` if set. */
  source?: string;
}

/**
 * Default `maxDurationSeconds`. 28 columns over 10 s is 0.36 s a column: already more than the shortest
 * FSDD digit (0.14 s) and over 4x the longest clip (2.28 s). Longer, and a spoken word shrinks to a column
 * or less.
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
  for (let c = 0; c < width; c++) {
    const from = c * span;
    const to = (c + 1) * span;
    for (let m = 0; m < nMels; m++) {
      const row = m * nFrames + first;
      let sum = 0;
      for (let i = Math.floor(from); i < Math.min(count, Math.ceil(to)); i++) {
        const overlap = Math.min(to, i + 1) - Math.max(from, i);
        if (overlap > 0) sum += overlap * power[row + i]!;
      }
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

  /**
   * `config` sets the features (store it with a model); `limits` what every call refuses by default
   * (see {@link EncoderLimits}).
   */
  constructor(config: Partial<SpectrogramEncoderConfig> = {}, limits: EncoderLimits = {}) {
    this.config = Object.freeze(resolveConfig(config));
    this.limits = Object.freeze(
      resolveLimits(limits, { allowSilence: false, maxDurationSeconds: DEFAULT_MAX_DURATION_SECONDS }),
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
    for (let i = 0; i < mono.length; i++) {
      const value = mono[i]!;
      if (!Number.isFinite(value)) {
        throw new InvalidSignalError(`sample ${i} is ${value}; the encoder needs finite samples.`, named);
      }
      const magnitude = Math.abs(value);
      if (magnitude > peak) peak = magnitude;
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
    const mel = melSpectrogram(mono, c);
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
      const db = powerToDb(power, { ref: 'max', amin, topDb });
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
