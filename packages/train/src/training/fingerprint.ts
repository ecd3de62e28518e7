import { resolveConfig } from '@ifa/models/internal';
import type { DataIdentity, RunFingerprint } from '../checkpoint';
import { describeData } from './data';
import type { ResolvedTrainOptions } from './options';

/**
 * What a checkpoint must share with the options of a resumed run. `config` is the config these options
 * resolve to (not the checkpoint's own, which would always match itself).
 */
export function fingerprintOf(resolved: ResolvedTrainOptions, data: DataIdentity): RunFingerprint {
  return {
    model: resolved.model,
    preset: resolved.preset,
    config: resolveConfig(resolved.model, resolved.config as never) as unknown,
    data,
    split: resolved.split,
    seed: resolved.seed,
    batchSize: resolved.batchSize,
    learningRate: resolved.learningRate,
    maxBatchesPerEpoch: resolved.maxBatchesPerEpoch,
    augment: resolved.augment,
  };
}

/** JSON with object keys sorted, so equal values compare equal whatever order they were written in. */
function stableJson(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

function changed(key: string, then: string, now: string): string {
  return `${key} was ${then} in the checkpoint but is ${now} now`;
}

export interface FingerprintComparison {
  /** One line per field that differs, e.g. `seed was 3 in the checkpoint but is 4 now`. */
  changes: string[];
  /** Fields these options have that the (older) checkpoint did not record, so could not be checked. */
  unchecked: string[];
}

/** Compares a checkpoint's fingerprint with the one of the options now. */
export function compareFingerprints(saved: RunFingerprint, now: RunFingerprint): FingerprintComparison {
  const changes: string[] = [];
  const unchecked: string[] = [];
  const presetChanged = saved.preset !== undefined && saved.preset !== now.preset;
  for (const key of Object.keys(now) as (keyof RunFingerprint)[]) {
    if (!(key in saved)) {
      unchecked.push(key);
      continue;
    }
    const [then, current] = [saved[key], now[key]];
    if (stableJson(then) === stableJson(current)) continue;
    if (key === 'config') {
      // A new preset changes the config too; name the preset alone then.
      if (presetChanged) continue;
      const a = (then ?? {}) as Record<string, unknown>;
      const b = (current ?? {}) as Record<string, unknown>;
      for (const name of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
        if (stableJson(a[name]) !== stableJson(b[name])) {
          changes.push(
            changed(`config.${name}`, stableJson(a[name]) ?? 'unset', stableJson(b[name]) ?? 'unset'),
          );
        }
      }
    } else if (key === 'data') {
      changes.push(
        changed('data', describeData(then as DataIdentity), describeData(current as DataIdentity)),
      );
    } else {
      changes.push(changed(key, stableJson(then) ?? 'unset', stableJson(current) ?? 'unset'));
    }
  }
  return { changes, unchecked };
}
