import { IfaError } from '@ifa/core';
import { describe, expect, it } from 'vitest';
import * as api from '../index';

type ErrorClass = (abstract new (...args: never[]) => Error) & { code?: unknown; isInstance?: unknown };

const errorClasses = Object.entries(api as Record<string, unknown>).filter(
  (entry): entry is [string, ErrorClass] =>
    typeof entry[1] === 'function' && entry[1].prototype instanceof Error,
);

describe('exported errors', () => {
  it('re-exports IfaError from @ifa/core', () => {
    expect(api.IfaError).toBe(IfaError);
  });

  it('every exported error class is an IfaError with its own stable, unique code and isInstance', () => {
    const subclasses = errorClasses.filter(([, cls]) => cls !== IfaError);
    expect(subclasses.map(([name]) => name).sort()).toEqual([
      'AudioFileError',
      'AudioTooLongError',
      'EmptyAudioError',
      'InvalidOptionError',
      'InvalidSignalError',
      'SilentAudioError',
      'WavFormatError',
    ]);
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

  it('sets the code and name on instances', () => {
    const wav = new api.WavFormatError('truncated', { source: 'a.wav' });
    expect(wav).toBeInstanceOf(IfaError);
    expect([wav.code, wav.name, wav.message, wav.source]).toEqual([
      'IFA_WAV_FORMAT',
      'WavFormatError',
      'a.wav: truncated',
      'a.wav',
    ]);
    expect(api.WavFormatError.isInstance(wav)).toBe(true);
    const signal = new api.InvalidSignalError('sample 3 is NaN');
    expect([signal.code, signal.name]).toEqual(['IFA_INVALID_SIGNAL', 'InvalidSignalError']);
    expect(api.WavFormatError.isInstance(signal)).toBe(false);
  });
});
