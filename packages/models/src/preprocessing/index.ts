import {
  DEFAULT_SPECTROGRAM_ENCODER_CONFIG,
  SpectrogramEncoder,
  type SpectrogramEncoderConfig,
} from '@ifa/audio-features';
import { IfaError } from '@ifa/core';
import { InvalidPreprocessingError, UnsupportedPreprocessingVersionError } from '../errors';

/**
 * Version of the `preprocessing` record this release writes and the newest it reads. Bumped whenever a
 * record could mean something else to an older reader (a new field that changes the encoding, a new
 * encoder); readers refuse newer versions with `UnsupportedPreprocessingVersionError`. A record is written
 * with the lowest version that holds it, so a model without speaker normalisation stays readable by
 * releases that know only version 1.
 */
export const PREPROCESSING_VERSION = 2;

/**
 * Version 2: the model was trained on spectrograms normalised per speaker (`normalise: 'speaker'` of
 * @ifa/paired-dataset's `loadDigitPairs`, `ifa train --normalise speaker`): each voice's images mapped,
 * mel band by mel band, so that the voice's band means and deviations equal these (one per mel band: the
 * training set's). New audio must be mapped alike, from statistics of the same voice's recordings:
 * `normaliseBands(images, bandStatistics(voiceImages), { means: referenceBandMeans, stds:
 * referenceBandStds })` (@ifa/audio-features); `Painter`'s `voice` option does it.
 */
export interface SpeakerNormalisationRecord {
  referenceBandMeans: number[];
  referenceBandStds: number[];
}

/**
 * How audio becomes a model's input, stored in `ifa-model.json` beside the weights: the complete config of
 * @ifa/audio-features' `SpectrogramEncoder` (every field, so a later change of the encoder's defaults
 * cannot change what a stored model sees), and from version 2 the speaker normalisation it was trained
 * with, if any. `new SpectrogramEncoder(p.encoder)` rebuilds the encoder the model was trained with.
 */
export interface ModelPreprocessing {
  version: 1 | 2;
  encoder: SpectrogramEncoderConfig;
  /** Present (version 2) when the model expects each voice normalised; see {@link SpeakerNormalisationRecord}. */
  speakerNormalisation?: SpeakerNormalisationRecord;
}

/** What `saveModel` and `model.preprocessing` accept: the encoder config may be partial (defaults fill it). */
export interface ModelPreprocessingInput {
  /** Defaults to the lowest version that holds the record: 2 with `speakerNormalisation`, else 1. */
  version?: number;
  encoder: Partial<SpectrogramEncoderConfig>;
  speakerNormalisation?: SpeakerNormalisationRecord;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return `${typeof value} ${JSON.stringify(value)}`;
}

/** The JSON type each encoder field must have, read from the defaults (`trimTopDb` may also be null). */
function expectedType(key: keyof SpectrogramEncoderConfig): string {
  const base = typeof DEFAULT_SPECTROGRAM_ENCODER_CONFIG[key];
  return key === 'trimTopDb' ? `${base} or null` : base;
}

function checkFieldTypes(
  encoder: Record<string, unknown>,
  field: string,
  source: string,
  requireAll: boolean,
): void {
  const known = Object.keys(DEFAULT_SPECTROGRAM_ENCODER_CONFIG) as (keyof SpectrogramEncoderConfig)[];
  for (const key of Object.keys(encoder)) {
    if (!(known as string[]).includes(key)) {
      throw new InvalidPreprocessingError(
        source,
        `${field}.${key}`,
        `is not a SpectrogramEncoder setting (known: ${known.join(', ')}); was the model saved by a newer @ifa/audio-features?`,
      );
    }
  }
  for (const key of known) {
    const value = encoder[key];
    if (value === undefined) {
      if (!requireAll) continue;
      throw new InvalidPreprocessingError(
        source,
        `${field}.${key}`,
        `is missing; a stored preprocessing record lists every encoder setting (expected ${expectedType(key)}).`,
      );
    }
    const ok =
      (key === 'trimTopDb' && value === null) ||
      typeof value === typeof DEFAULT_SPECTROGRAM_ENCODER_CONFIG[key] ||
      false;
    if (!ok || (typeof value === 'number' && !Number.isFinite(value))) {
      throw new InvalidPreprocessingError(
        source,
        `${field}.${key}`,
        `must be ${typeof value === 'number' ? 'a finite ' : ''}${expectedType(key)}, got ${describe(value)}.`,
      );
    }
  }
}

/** Runs the encoder's own checks (ranges, window names, Nyquist...) and returns the resolved config. */
function resolveEncoder(
  encoder: Partial<SpectrogramEncoderConfig>,
  field: string,
  source: string,
): SpectrogramEncoderConfig {
  try {
    return { ...new SpectrogramEncoder(encoder).config };
  } catch (cause) {
    if (!IfaError.isInstance(cause)) throw cause;
    const option = (cause as { option?: unknown }).option;
    throw new InvalidPreprocessingError(
      source,
      typeof option === 'string' && option in DEFAULT_SPECTROGRAM_ENCODER_CONFIG
        ? `${field}.${option}`
        : field,
      `is rejected by SpectrogramEncoder: ${cause.message}`,
      { cause },
    );
  }
}

function checkVersion(version: unknown, field: string, source: string): 1 | 2 {
  if (version === undefined) {
    throw new InvalidPreprocessingError(
      source,
      `${field}.version`,
      'is missing (expected a positive integer).',
    );
  }
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) {
    throw new InvalidPreprocessingError(
      source,
      `${field}.version`,
      `must be a positive integer, got ${describe(version)}.`,
    );
  }
  if (version > PREPROCESSING_VERSION) {
    throw new UnsupportedPreprocessingVersionError(version, PREPROCESSING_VERSION, source);
  }
  return version as 1 | 2;
}

/**
 * Validates a stored `preprocessing` record strictly (as read from `ifa-model.json`): an object with an
 * integer `version` (a newer one throws `UnsupportedPreprocessingVersionError`) and an `encoder` holding
 * every `SpectrogramEncoder` setting with its JSON type (version 2: an optional `speakerNormalisation`
 * with one reference mean per mel band); anything else throws `InvalidPreprocessingError`
 * naming the field.
 */
export function parsePreprocessing(
  raw: unknown,
  source: string,
  field = 'preprocessing',
): ModelPreprocessing {
  if (!isRecord(raw)) {
    throw new InvalidPreprocessingError(
      source,
      field,
      `must be an object { version, encoder }, got ${describe(raw)}.`,
    );
  }
  const version = checkVersion(raw.version, field, source);
  const fields = version === 1 ? ['version', 'encoder'] : ['version', 'encoder', 'speakerNormalisation'];
  for (const key of Object.keys(raw)) {
    if (!fields.includes(key)) {
      throw new InvalidPreprocessingError(
        source,
        `${field}.${key}`,
        `is not part of preprocessing version ${version} (fields: ${fields.join(', ')}).`,
      );
    }
  }
  if (!isRecord(raw.encoder)) {
    throw new InvalidPreprocessingError(
      source,
      `${field}.encoder`,
      raw.encoder === undefined
        ? 'is missing (expected the SpectrogramEncoder config object).'
        : `must be an object (the SpectrogramEncoder config), got ${describe(raw.encoder)}.`,
    );
  }
  checkFieldTypes(raw.encoder, `${field}.encoder`, source, true);
  const encoder = resolveEncoder(raw.encoder, `${field}.encoder`, source);
  return withSpeakerNormalisation(version, encoder, raw.speakerNormalisation, field, source);
}

/** The record, with `speakerNormalisation` checked against the encoder's band count when present. */
function withSpeakerNormalisation(
  version: 1 | 2,
  encoder: SpectrogramEncoderConfig,
  raw: unknown,
  field: string,
  source: string,
): ModelPreprocessing {
  if (raw === undefined) return { version, encoder };
  const at = `${field}.speakerNormalisation`;
  if (version < 2) {
    throw new InvalidPreprocessingError(source, at, `needs preprocessing version 2, got version ${version}.`);
  }
  if (
    !isRecord(raw) ||
    Object.keys(raw).some((key) => key !== 'referenceBandMeans' && key !== 'referenceBandStds')
  ) {
    throw new InvalidPreprocessingError(
      source,
      at,
      `must be an object { referenceBandMeans, referenceBandStds }, got ${describe(raw)}.`,
    );
  }
  const bands = (key: 'referenceBandMeans' | 'referenceBandStds', positive: boolean): number[] => {
    const values = raw[key];
    if (
      !Array.isArray(values) ||
      values.length !== encoder.nMels ||
      !values.every((v) => typeof v === 'number' && Number.isFinite(v) && (!positive || v > 0))
    ) {
      throw new InvalidPreprocessingError(
        source,
        `${at}.${key}`,
        `must be ${encoder.nMels} finite${positive ? ', positive' : ''} numbers (one per mel band of the encoder), got ${
          Array.isArray(values) ? `${values.length} values` : describe(values)
        }.`,
      );
    }
    return [...(values as number[])];
  };
  return {
    version,
    encoder,
    speakerNormalisation: {
      referenceBandMeans: bands('referenceBandMeans', false),
      referenceBandStds: bands('referenceBandStds', true),
    },
  };
}

/**
 * Resolves a preprocessing record a caller gives (`saveModel`, `model.preprocessing`): `version` defaults
 * to the lowest that holds the record and a partial encoder config is completed with the encoder's defaults, so what is
 * written lists every setting. Types and values are checked as in {@link parsePreprocessing}.
 */
export function resolvePreprocessing(
  input: ModelPreprocessingInput | ModelPreprocessing,
  source: string,
  field = 'preprocessing',
): ModelPreprocessing {
  if (!isRecord(input)) {
    throw new InvalidPreprocessingError(
      source,
      field,
      `must be an object { version, encoder }, got ${describe(input)}.`,
    );
  }
  const version = checkVersion(
    input.version ?? (input.speakerNormalisation === undefined ? 1 : 2),
    field,
    source,
  );
  if (!isRecord(input.encoder)) {
    throw new InvalidPreprocessingError(
      source,
      `${field}.encoder`,
      `must be an object (the SpectrogramEncoder config), got ${describe(input.encoder)}.`,
    );
  }
  checkFieldTypes(input.encoder, `${field}.encoder`, source, false);
  const encoder = resolveEncoder(input.encoder, `${field}.encoder`, source);
  return withSpeakerNormalisation(version, encoder, input.speakerNormalisation, field, source);
}

/**
 * Models saved before the `preprocessing` record (by @ifa/train up to this release) carry the encoder
 * config in `metadata.encoder`, possibly partial; it means version 1 with the encoder's defaults filling
 * the gaps, exactly what `new SpectrogramEncoder(metadata.encoder)` did for them.
 */
export function preprocessingFromLegacyEncoder(encoder: unknown, source: string): ModelPreprocessing {
  if (!isRecord(encoder)) {
    throw new InvalidPreprocessingError(
      source,
      'metadata.encoder',
      `must be an object (the SpectrogramEncoder config), got ${describe(encoder)}.`,
    );
  }
  checkFieldTypes(encoder, 'metadata.encoder', source, false);
  return { version: 1, encoder: resolveEncoder(encoder, 'metadata.encoder', source) };
}
