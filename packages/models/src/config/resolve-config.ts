import { InvalidConfigError } from '../errors';
import { PRESETS_BY_KIND } from './presets';
import { type ConfigByKind, type ConfigInput, type ModelKind, PRESET_NAMES, type PresetName } from './types';

const ENUM_VALUES: Record<string, readonly string[]> = {
  decoder: ['seed-stride3', 'full'],
  outputActivation: ['linear', 'sigmoid'],
};

/** Enumerated keys whose allowed values differ between kinds. */
const KIND_ENUM_VALUES: Partial<Record<ModelKind, Record<string, readonly string[]>>> = {
  cvae: { conditioning: ['audio', 'class'] },
  wgan: { conditioning: ['audio', 'none'] },
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

function checkArchitecture(kind: ModelKind, config: ConfigByKind[ModelKind]): void {
  const square28 = config.imageSize === 28;
  const inputMatchesImage = config.inputHeight === config.imageSize && config.inputWidth === config.imageSize;
  if (kind === 'cgan' || kind === 'vaegan') {
    // The discriminator sees concat(image, audio) as channels, and the ResUNet's 4 -> 7 -> 14 -> 28 decoder
    // is fixed by its kernel sizes, so both need 28 x 28 in and out.
    if (!square28 || !inputMatchesImage) {
      throw new InvalidConfigError(
        `${kind} needs inputHeight = inputWidth = imageSize = 28 (the discriminator concatenates image and ` +
          `audio); got input ${config.inputHeight}x${config.inputWidth}, imageSize ${config.imageSize}.`,
      );
    }
  }
  if (kind === 'cvae' && (config as ConfigByKind['cvae']).conditioning === 'class') {
    const cvae = config as ConfigByKind['cvae'];
    if (cvae.classCount < 2) {
      throw new InvalidConfigError(`cvae config "classCount" must be at least 2, got ${cvae.classCount}.`);
    }
    if (cvae.hiddenUnits < 2) {
      throw new InvalidConfigError(`cvae config "hiddenUnits" must be at least 2, got ${cvae.hiddenUnits}.`);
    }
  }
  if (kind === 'cvae' || kind === 'vaegan') {
    if (!square28) {
      throw new InvalidConfigError(`${kind} decoders produce 28 x 28 images; set imageSize to 28.`);
    }
    // Encoder: three Conv2d(k2, s2, p1) then Conv2d(k4, s2, p0); it must leave at least a 1 x 1 map.
    for (const side of [config.inputHeight, config.inputWidth]) {
      let s = side;
      for (let i = 0; i < 3; i += 1) s = convOutputSize(s, 2, 2, 1);
      if (convOutputSize(s, 4, 2, 0) < 1) {
        throw new InvalidConfigError(
          `${kind} input ${config.inputHeight}x${config.inputWidth} is too small; use >= 28.`,
        );
      }
    }
  }
  if (kind === 'wgan') {
    const wgan = config as ConfigByKind['wgan'];
    if (wgan.imageSize !== 28 && wgan.imageSize !== 64) {
      throw new InvalidConfigError(`wgan imageSize must be 28 or 64, got ${wgan.imageSize}.`);
    }
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
  if (resolved.imageChannels !== 1) {
    // The discriminators and the MNIST-style losses assume one grey channel; wider images were never tested.
    throw new InvalidConfigError(
      `${kind} supports imageChannels 1 only, got ${String(resolved.imageChannels)}.`,
    );
  }
  const config = resolved as unknown as ConfigByKind[K];
  checkArchitecture(kind, config);
  return config;
}
