import { IfaError } from '@ifa/core';
import { describe, expect, it } from 'vitest';
import * as api from '../src';

type ErrorClass = (abstract new (...args: never[]) => Error) & { code?: unknown; isInstance?: unknown };

const errorClasses = Object.entries(api as Record<string, unknown>).filter(
  (entry): entry is [string, ErrorClass] =>
    typeof entry[1] === 'function' && entry[1].prototype instanceof Error,
);

describe('exported errors', () => {
  it('re-exports IfaError and InvalidOptionError from @ifa/core', async () => {
    const core = await import('@ifa/core');
    expect(api.IfaError).toBe(core.IfaError);
    expect(api.InvalidOptionError).toBe(core.InvalidOptionError);
  });

  it('every exported error class is an IfaError with its own stable, unique code and isInstance', () => {
    const subclasses = errorClasses.filter(([, cls]) => cls !== IfaError);
    expect(subclasses.length).toBeGreaterThanOrEqual(11);
    const codes = new Set<unknown>();
    for (const [name, cls] of subclasses) {
      expect(cls.prototype, name).toBeInstanceOf(IfaError);
      expect(Object.hasOwn(cls, 'code'), `${name}.code`).toBe(true);
      expect(cls.code, name).toMatch(/^IFA_[A-Z0-9_]+$/);
      expect(Object.hasOwn(cls, 'isInstance'), `${name}.isInstance`).toBe(true);
      codes.add(cls.code);
    }
    expect(codes.size).toBe(subclasses.length);
  });

  it('sets code and name on instances, and isInstance tells the classes apart', () => {
    const notFound = new api.DatasetNotFoundError('/data/fsdd', 'Run downloadDatasets.');
    expect(notFound).toBeInstanceOf(IfaError);
    expect([notFound.code, notFound.name, notFound.message]).toEqual([
      'IFA_DATASET_NOT_FOUND',
      'DatasetNotFoundError',
      'Not found: /data/fsdd. Run downloadDatasets.',
    ]);
    expect(api.DatasetNotFoundError.isInstance(notFound)).toBe(true);
    expect(api.DownloadError.isInstance(notFound)).toBe(false);
    const option = new api.InvalidOptionError({
      option: 'batchSize',
      value: 0,
      expected: 'a positive integer',
    });
    expect(option.message).toBe('Invalid batchSize: 0. Expected a positive integer.');
  });
});
