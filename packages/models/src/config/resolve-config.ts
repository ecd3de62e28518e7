import { InvalidConfigError } from '../errors';
import { PRESETS_BY_KIND } from './presets';
import { type ConfigByKind, type ConfigInput, type ModelKind, PRESET_NAMES, type PresetName } from './types';

const ENUM_VALUES: Record<string, readonly string[]> = {
  decoder: ['seed-stride3', 'full'],
  outputActivation: ['linear', 'sigmoid'],
  audioClassifierLayout: ['small', 'deep'],
};

/** Enumerated keys whose allowed values differ between kinds. */
const KIND_ENUM_VALUES: Partial<Record<ModelKind, Record<string, readonly string[]>>> = {
  cvae: { conditioning: ['audio', 'class'] },
  vaegan: { conditioning: ['audio', 'class'] },
  wgan: { conditioning: ['audio', 'none', 'class'] },
};

/** Keys that are weights of a loss: any finite number >= 0. Everything else numeric is a positive integer. */
const NON_NEGATIVE_REAL_KEYS = new Set([
  'adversarialWeight',
  'reconstructionWeight',
  'klWeight',
  'gradientPenaltyWeight',
  'audioClassifierWeight',
]);

/** Keys that are any finite number > 0. */
const POSITIVE_REAL_KEYS = new Set(['samplingTemperature']);

function isPresetName(value: unknown): value is PresetName {
  return typeof value === 'string' && (PRESET_NAMES as readonly string[]).includes(value);
}

function checkValue(kind: ModelKind, key: string, value: unknown, template: unknown): void {
  const where = `${kind} config "${key}"`;
  if (Array.isArray(template)) {
    if (
      !Array.isArray(value) ||
      value.length !== template.length ||
      !value.every((v) => Number.isInteger(v) && v > 0)
    ) {
      throw new InvalidConfigError(
        `${where} must be an array of ${template.length} positive integers, got ${JSON.stringify(value)}.`,
      );
    }
    return;
  }
  if (typeof template === 'number' && POSITIVE_REAL_KEYS.has(key)) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      throw new InvalidConfigError(`${where} must be a finite number > 0, got ${JSON.stringify(value)}.`);
    }
    return;
  }
  if (typeof template === 'number') {
    const ok = NON_NEGATIVE_REAL_KEYS.has(key)
      ? typeof value === 'number' && Number.isFinite(value) && value >= 0
      : Number.isInteger(value) && (value as number) > 0;
    if (!ok) {
      const wanted = NON_NEGATIVE_REAL_KEYS.has(key) ? 'a finite number >= 0' : 'a positive integer';
      throw new InvalidConfigError(`${where} must be ${wanted}, got ${JSON.stringify(value)}.`);
    }
    return;
  }
  const allowed = KIND_ENUM_VALUES[kind]?.[key] ?? ENUM_VALUES[key];
  if (allowed !== undefined && !allowed.includes(value as string)) {
    throw new InvalidConfigError(
      `${where} must be one of ${allowed.map((a) => `"${a}"`).join(', ')}, got ${JSON.stringify(value)}.`,
    );
  }
}

/** Output size of a PyTorch `Conv2d(kernel, stride, padding)` along one axis. */
export function convOutputSize(size: number, kernel: number, stride: number, padding: number): number {
  return Math.floor((size + 2 * padding - kernel) / stride) + 1;
}

/** Output image sides every kind can build (the layouts differ; see each architecture). */
export const IMAGE_SIZES: readonly number[] = [28, 64];

/** Output image channels every kind can build: 1 (grey, MNIST) or 3 (RGB). */
export const IMAGE_CHANNELS: readonly number[] = [1, 3];

function checkImageShape(kind: ModelKind, config: ConfigByKind[ModelKind]): void {
  if (!IMAGE_SIZES.includes(config.imageSize)) {
    throw new InvalidConfigError(
      `${kind} config "imageSize" must be 28 or 64 (the layouts the models have), got ${config.imageSize}; ` +
        'resize the images to one of them.',
    );
  }
  if (!IMAGE_CHANNELS.includes(config.imageChannels)) {
    throw new InvalidConfigError(
      `${kind} config "imageChannels" must be 1 (grey) or 3 (RGB), got ${config.imageChannels}; ` +
        'convert the images to grey or RGB (drop an alpha channel).',
    );
  }
}

function checkArchitecture(kind: ModelKind, config: ConfigByKind[ModelKind]): void {
  checkImageShape(kind, config);
  const size = config.imageSize;
  const classConditioned = 'conditioning' in config && config.conditioning === 'class';
  if (classConditioned) {
    const classConfig = config as { classCount: number; hiddenUnits?: number };
    if (classConfig.classCount < 2) {
      throw new InvalidConfigError(
        `${kind} config "classCount" must be at least 2, got ${classConfig.classCount}.`,
      );
    }
    if (classConfig.hiddenUnits !== undefined && classConfig.hiddenUnits < 2) {
      throw new InvalidConfigError(
        `${kind} config "hiddenUnits" must be at least 2, got ${classConfig.hiddenUnits}.`,
      );
    }
  }
  const inputMatchesImage = config.inputHeight === size && config.inputWidth === size;
  if (kind === 'cgan' || (kind === 'vaegan' && !classConditioned)) {
    // The discriminator sees concat(image, audio) as channels, and the CGAN's ResUNet joins audio-side
    // encoder maps to image-side decoder maps, so both need the spectrogram image at the output size.
    if (!inputMatchesImage) {
      throw new InvalidConfigError(
        `${kind} needs inputHeight = inputWidth = imageSize (the discriminator concatenates image and ` +
          `audio); got input ${config.inputHeight}x${config.inputWidth}, imageSize ${size}. Set inputHeight ` +
          `and inputWidth to ${size}, or imageSize to the input size (28 or 64).`,
      );
    }
  }
  // The audio-reading encoder and the `decoder` setting belong to the VAE-GAN and the CVAE conditioned on
  // audio; conditioning 'class' reads audio with its classifier's 'same'-padded convs (any size) and has
  // its own decoder.
  const audioVae = (kind === 'vaegan' || kind === 'cvae') && !classConditioned;
  if (audioVae) {
    const vae = config as ConfigByKind['cvae'] | ConfigByKind['vaegan'];
    if (vae.decoder === 'seed-stride3' && size !== 28) {
      throw new InvalidConfigError(
        `${kind} config "decoder" "seed-stride3" only makes 28 x 28 images (the original's stride-3 ` +
          `10 -> 28 step), got imageSize ${size}; use decoder "full" at ${size} x ${size}.`,
      );
    }
    // Encoder: three Conv2d(k2, s2, p1) then Conv2d(k4, s2, p0); it must leave at least a 1 x 1 map.
    for (const side of [config.inputHeight, config.inputWidth]) {
      let s = side;
      for (let i = 0; i < 3; i += 1) s = convOutputSize(s, 2, 2, 1);
      if (convOutputSize(s, 4, 2, 0) < 1) {
        throw new InvalidConfigError(
          `${kind} input ${config.inputHeight}x${config.inputWidth} is too small for the encoder's four ` +
            'stride-2 convs; use inputHeight and inputWidth >= 28.',
        );
      }
    }
  }
  if (kind === 'wgan') {
    const wgan = config as ConfigByKind['wgan'];
    if (wgan.conditioning === 'audio' && !inputMatchesImage) {
      throw new InvalidConfigError(
        'wgan with conditioning "audio" needs inputHeight = inputWidth = imageSize (the critic concatenates ' +
          `image and audio); got input ${wgan.inputHeight}x${wgan.inputWidth}, imageSize ${wgan.imageSize}.`,
      );
    }
  }
}

/**
 * The one place configs are resolved: start from a preset, apply overrides, check every value and the
 * architecture they imply, and return a fresh plain-JSON object.
 */
export function resolveConfig<K extends ModelKind>(
  kind: K,
  input: ConfigInput<ConfigByKind[K]> | undefined,
): ConfigByKind[K] {
  const presets = PRESETS_BY_KIND[kind] as unknown as Record<PresetName, ConfigByKind[K]>;
  const overrides: Record<string, unknown> =
    input === undefined ? {} : typeof input === 'string' ? { preset: input } : { ...input };
  const presetName = overrides.preset ?? 'seed';
  if (!isPresetName(presetName)) {
    throw new InvalidConfigError(
      `${kind} preset must be one of ${PRESET_NAMES.map((p) => `"${p}"`).join(', ')}, got ${JSON.stringify(presetName)}.`,
    );
  }
  const base = presets[presetName] as unknown as Record<string, unknown>;
  const resolved: Record<string, unknown> = { ...structuredClone(base) };
  for (const [key, value] of Object.entries(overrides)) {
    if (key === 'preset' || value === undefined) continue;
    if (!(key in base)) {
      throw new InvalidConfigError(
        `${kind} config has unknown key "${key}"; known keys: ${Object.keys(base).join(', ')}.`,
      );
    }
    checkValue(kind, key, value, base[key]);
    resolved[key] = Array.isArray(value) ? [...value] : value;
  }
  resolved.preset = presetName;
  const config = resolved as unknown as ConfigByKind[K];
  checkArchitecture(kind, config);
  return config;
}
