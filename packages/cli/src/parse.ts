import { type FsddSplitScheme, parseFsddSplit } from '@ifa/paired-dataset';
import { InvalidArgumentError } from 'commander';

/** Commander argument parsers that reject junk like `--epochs 3x` with a one-line message. */
export function positiveInteger(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n <= 0) {
    throw new InvalidArgumentError(`expected a positive integer, got "${value}".`);
  }
  return n;
}

/** --threads: 'auto' or a positive integer. */
export function threadCount(value: string): number | 'auto' {
  if (value === 'auto') return 'auto';
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n <= 0) {
    throw new InvalidArgumentError(`expected a positive integer or 'auto', got "${value}".`);
  }
  return n;
}

export function nonNegativeInteger(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) {
    throw new InvalidArgumentError(`expected an integer >= 0, got "${value}".`);
  }
  return n;
}

/** An integer within [min, max]; the bounds are stated in the message. */
export function integerInRange(min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`expected an integer from ${min} to ${max}, got "${value}".`);
    }
    return n;
  };
}

export function positiveNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) {
    throw new InvalidArgumentError(`expected a positive number, got "${value}".`);
  }
  return n;
}

export function oneOf<T extends string>(allowed: readonly T[]): (value: string) => T {
  return (value) => {
    if (!(allowed as readonly string[]).includes(value)) {
      throw new InvalidArgumentError(`expected one of ${allowed.join(', ')}, got "${value}".`);
    }
    return value as T;
  };
}

/**
 * `--split` of `ifa train` and `ifa evaluate`, one parser for both (`parseFsddSplit` of
 * @ifa/paired-dataset, which `evaluate()` uses too): `standard`, `speakers:theo,george` (held-out
 * speakers; `speaker:theo` is the same) or `fraction:0.1` (seeded random test share).
 */
/** `--config`: a JSON object of model config overrides on the preset, e.g. `{"klWeight":0}`. */
export function configOverrides(value: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new InvalidArgumentError(
      `expected a JSON object such as '{"klWeight":0}', got ${JSON.stringify(value)}.`,
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new InvalidArgumentError(
      `expected a JSON object such as '{"klWeight":0}', got ${JSON.stringify(value)}.`,
    );
  }
  return parsed as Record<string, unknown>;
}

export function splitScheme(value: string): FsddSplitScheme {
  return parseFsddSplit(value, '--split');
}

/** The help text of `--split`, shared by the commands that take it. */
export const SPLIT_HELP = 'FSDD split: standard | speakers:NAME[,NAME...] (held-out speakers) | fraction:F';
