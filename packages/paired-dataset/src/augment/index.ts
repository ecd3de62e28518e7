import { createRng, InvalidOptionError, type Rng } from '@ifa/core';

/**
 * Training-time augmentation of spectrogram images (rows: mel bands, low to high or as encoded; columns:
 * time), applied to each example of a batch independently. It works on the encoded images because the
 * pairs hold spectrograms, not waveforms; each transform is the spectrogram-domain stand-in for a waveform
 * one. Every field 0 turns its transform off.
 */
export interface SpectrogramAugmentation {
  /**
   * Largest shift along time, in columns, either way (a waveform time shift); vacated columns are 0, the
   * floor of a normalised spectrogram.
   */
  timeShift: number;
  /**
   * Largest shift along the mel rows, either way: about a pitch or formant shift of a speaker (a mel band
   * is roughly a constant fraction of its frequency).
   */
  bandShift: number;
  /** Largest factor by which time is stretched or squeezed about the centre (0.1: 0.9x to 1.1x speed). */
  speed: number;
  /** How many time masks (SpecAugment): runs of columns set to 0. */
  timeMasks: number;
  /** Widest time mask, in columns. */
  timeMaskWidth: number;
  /** How many frequency masks (SpecAugment): runs of rows set to 0. */
  frequencyMasks: number;
  /** Widest frequency mask, in rows. */
  frequencyMaskWidth: number;
  /** Standard deviation of Gaussian noise added to every value (then clipped to [0, 1]). */
  noise: number;
}

/** The defaults `--augment` uses: small enough that every digit stays audible to a listener's eye. */
export const DEFAULT_AUGMENTATION: Readonly<SpectrogramAugmentation> = Object.freeze({
  timeShift: 2,
  bandShift: 1,
  speed: 0.1,
  timeMasks: 1,
  timeMaskWidth: 3,
  frequencyMasks: 1,
  frequencyMaskWidth: 3,
  noise: 0.02,
});

/** Fills in defaults and checks every field; throws `InvalidOptionError` naming the bad one. */
export function resolveAugmentation(
  options: Partial<SpectrogramAugmentation> | true,
): SpectrogramAugmentation {
  const resolved = { ...DEFAULT_AUGMENTATION, ...(options === true ? {} : options) };
  for (const [key, value] of Object.entries(resolved)) {
    if (!Object.hasOwn(DEFAULT_AUGMENTATION, key)) {
      throw new InvalidOptionError({
        option: `augment.${key}`,
        value,
        expected: `one of ${Object.keys(DEFAULT_AUGMENTATION).join(', ')}`,
      });
    }
    const integer = key !== 'speed' && key !== 'noise';
    const ok =
      typeof value === 'number' &&
      Number.isFinite(value) &&
      value >= 0 &&
      (!integer || Number.isInteger(value)) &&
      (key !== 'speed' || value < 1);
    if (!ok) {
      throw new InvalidOptionError({
        option: `augment.${key}`,
        value,
        expected: integer ? 'an integer >= 0' : key === 'speed' ? 'a number in [0, 1)' : 'a number >= 0',
      });
    }
  }
  return resolved;
}

/** Uniform integer in [-max, max]. */
function symmetricInt(rng: Rng, max: number): number {
  return max === 0 ? 0 : rng.int(2 * max + 1) - max;
}

/** Standard normal draw (Box-Muller). */
function gaussian(rng: Rng): number {
  const u = Math.max(rng.next(), Number.MIN_VALUE);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
}

/** One example: reads `source` (h x w), writes `target`. */
function augmentOne(
  source: Float32Array,
  target: Float32Array,
  height: number,
  width: number,
  options: SpectrogramAugmentation,
  rng: Rng,
): void {
  const dx = symmetricInt(rng, options.timeShift);
  const dy = symmetricInt(rng, options.bandShift);
  const rate = 1 + (rng.next() * 2 - 1) * options.speed;
  const centre = (width - 1) / 2;
  for (let y = 0; y < height; y++) {
    const sy = y - dy;
    for (let x = 0; x < width; x++) {
      // Time: shift, then resample about the centre with linear interpolation (speed).
      const sx = (x - dx - centre) * rate + centre;
      let value = 0;
      if (sy >= 0 && sy < height && sx >= 0 && sx <= width - 1) {
        const x0 = Math.floor(sx);
        const x1 = Math.min(x0 + 1, width - 1);
        const t = sx - x0;
        value = (1 - t) * source[sy * width + x0]! + t * source[sy * width + x1]!;
      }
      target[y * width + x] = value;
    }
  }
  for (let m = 0; m < options.timeMasks; m++) {
    const size = rng.int(options.timeMaskWidth + 1);
    const start = rng.int(Math.max(1, width - size + 1));
    for (let y = 0; y < height; y++)
      target.fill(0, y * width + start, y * width + Math.min(width, start + size));
  }
  for (let m = 0; m < options.frequencyMasks; m++) {
    const size = rng.int(options.frequencyMaskWidth + 1);
    const start = rng.int(Math.max(1, height - size + 1));
    target.fill(0, start * width, Math.min(height, start + size) * width);
  }
  if (options.noise > 0) {
    for (let i = 0; i < target.length; i++) {
      target[i] = Math.min(1, Math.max(0, target[i]! + options.noise * gaussian(rng)));
    }
  }
}

/**
 * Augments a batch of spectrogram images `[n, height, width]` (row-major, values in [0, 1]) and returns a
 * new array of the same shape; the input is not touched. The result is a function of `seed` alone: the
 * same seed gives the same batch, so a resumed run sees the batches it would have seen.
 */
export function augmentSpectrograms(
  data: Float32Array,
  shape: readonly [number, number, number],
  options: SpectrogramAugmentation,
  seed: number,
): Float32Array {
  const [n, height, width] = shape;
  const size = height * width;
  if (data.length !== n * size) {
    throw new InvalidOptionError({
      option: 'data',
      value: `${data.length} values`,
      expected: `${n} x ${height} x ${width} values`,
    });
  }
  const rng = createRng(seed);
  const out = new Float32Array(data.length);
  for (let i = 0; i < n; i++) {
    augmentOne(
      data.subarray(i * size, (i + 1) * size),
      out.subarray(i * size, (i + 1) * size),
      height,
      width,
      options,
      rng,
    );
  }
  return out;
}
