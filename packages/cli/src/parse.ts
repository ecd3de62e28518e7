import type { FsddSplitScheme } from '@ifa/paired-dataset';
import { InvalidArgumentError } from 'commander';

/** Commander argument parsers that reject junk like `--epochs 3x` with a one-line message. */
export function positiveInteger(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n <= 0) {
    throw new InvalidArgumentError(`expected a positive integer, got "${value}".`);
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

/** `standard`, `speakers:theo,george` (held-out speakers) or `fraction:0.1` (seeded random test share). */
export function splitScheme(value: string): FsddSplitScheme {
  if (value === 'standard') return 'standard';
  const [kind, rest = ''] = value.split(':', 2) as [string, string | undefined];
  if (kind === 'speakers') {
    const speakers = rest
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    if (speakers.length > 0) return { heldOutSpeakers: speakers };
  }
  if (kind === 'fraction') {
    const fraction = Number(rest);
    if (rest !== '' && fraction > 0 && fraction < 1) return { testFraction: fraction, seed: 0 };
  }
  throw new InvalidArgumentError(
    `expected "standard", "speakers:<name>[,<name>...]" or "fraction:<0..1>", got "${value}".`,
  );
}
