import { describe, expect, it, vi } from 'vitest';
import { IfaError, InvalidOptionError } from './index';

describe('IfaError', () => {
  it('carries a stable code, a subclass name and the cause', () => {
    const cause = new Error('root');
    const error = new InvalidOptionError(
      { option: 'epochs', value: -1, expected: 'a positive integer' },
      { cause },
    );
    expect(error).toBeInstanceOf(IfaError);
    expect(error.code).toBe('IFA_INVALID_OPTION');
    expect(error.name).toBe('InvalidOptionError');
    expect(error.message).toBe('Invalid epochs: -1. Expected a positive integer.');
    expect(error.cause).toBe(cause);
  });

  it('isInstance recognises errors made by another copy of the package, where instanceof cannot', async () => {
    vi.resetModules();
    // A query string makes vite load a second, separate instance of the module: a stand-in for a second
    // install of @ifa/core in node_modules.
    const specifier = './ifa-error?copy';
    const other = (await import(/* @vite-ignore */ specifier)) as typeof import('./ifa-error');
    const foreign = new other.IfaError('IFA_X', 'from another install');
    expect(foreign instanceof IfaError).toBe(false);
    expect(IfaError.isInstance(foreign)).toBe(true);
    expect(IfaError.hasCode(foreign, 'IFA_X')).toBe(true);
    expect(InvalidOptionError.isInstance(foreign)).toBe(false);
  });

  it('says no to plain errors and non-objects', () => {
    expect(IfaError.isInstance(new Error('x'))).toBe(false);
    expect(IfaError.isInstance(null)).toBe(false);
    expect(IfaError.isInstance('IfaError')).toBe(false);
    expect(IfaError.isInstance({ code: 'IFA_INVALID_OPTION' })).toBe(false);
  });
});
