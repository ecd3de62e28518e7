import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveDataDir } from '../src';
import { resolveDataDirWithSource } from '../src/data-dir';

describe('resolveDataDir', () => {
  const home = '/home/ada';
  it('prefers --data-dir, then IFA_DATA_DIR, then a per-user cache folder', () => {
    const env = { IFA_DATA_DIR: '/env/data' };
    expect(resolveDataDirWithSource({ argv: ['node', 'x', '--data-dir', 'rel/dir'], env, home })).toEqual({
      dir: resolve('rel/dir'),
      source: 'argument',
    });
    expect(resolveDataDir({ argv: ['--data-dir=/abs'], env, home })).toBe('/abs');
    expect(resolveDataDirWithSource({ argv: [], env, home })).toEqual({
      dir: '/env/data',
      source: 'environment',
    });
    expect(resolveDataDirWithSource({ argv: [], env: {}, home, platform: 'linux' })).toEqual({
      dir: join(home, '.cache', 'ifa'),
      source: 'user-cache',
    });
  });

  it("follows each platform's cache convention", () => {
    expect(resolveDataDir({ argv: [], env: { XDG_CACHE_HOME: '/xdg' }, home, platform: 'linux' })).toBe(
      '/xdg/ifa',
    );
    expect(resolveDataDir({ argv: [], env: {}, home, platform: 'darwin' })).toBe(
      join(home, 'Library', 'Caches', 'ifa'),
    );
    expect(
      resolveDataDir({
        argv: [],
        env: { LOCALAPPDATA: 'C:/Users/ada/AppData/Local' },
        home,
        platform: 'win32',
      }),
    ).toBe(join('C:/Users/ada/AppData/Local', 'ifa', 'Cache'));
  });

  it('ignores a --data-dir flag without a value', () => {
    expect(resolveDataDir({ argv: ['--data-dir'], env: { IFA_DATA_DIR: '/env' }, home })).toBe('/env');
  });
});
