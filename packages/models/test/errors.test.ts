import { IfaError, InvalidOptionError } from '@ifa/core';
import { describe, expect, it } from 'vitest';
import * as api from '../src';

type ErrorClass = (abstract new (...args: never[]) => Error) & { code?: unknown; isInstance?: unknown };

const errorClasses = Object.entries(api as Record<string, unknown>).filter(
  (entry): entry is [string, ErrorClass] =>
    typeof entry[1] === 'function' && entry[1].prototype instanceof Error,
);

describe('exported errors', () => {
  it('re-exports IfaError and InvalidOptionError from @ifa/core', () => {
    expect(api.IfaError).toBe(IfaError);
    expect(api.InvalidOptionError).toBe(InvalidOptionError);
  });

  it('every exported error class is an IfaError with its own stable, unique code and isInstance', () => {
    const subclasses = errorClasses.filter(([, cls]) => cls !== IfaError);
    expect(subclasses.length).toBeGreaterThanOrEqual(8);
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

  it('keeps the constructors and sets code and name on instances', () => {
    const corrupt = new api.CorruptModelError('weights are truncated', '/models/a', { cause: 'x' });
    expect([corrupt.code, corrupt.name, corrupt.message, corrupt.source, corrupt.cause]).toEqual([
      'IFA_CORRUPT_MODEL',
      'CorruptModelError',
      '/models/a: weights are truncated',
      '/models/a',
      'x',
    ]);
    const config = new api.InvalidConfigError('latentDim must be a positive integer.');
    expect([config.code, config.name]).toEqual(['IFA_INVALID_CONFIG', 'InvalidConfigError']);
    expect(api.InvalidConfigError.isInstance(config)).toBe(true);
    expect(api.CorruptModelError.isInstance(config)).toBe(false);
    expect(IfaError.isInstance(config)).toBe(true);
  });
});
