import { describe, expect, it } from 'vitest';

// The runtime names each entry point exports. A change to one of these lists is a deliberate API
// decision: `.` and `./node` are covered by semver, `./internal` is not (see README, "Public surface").
describe('@ifa/core exports', () => {
  it('@ifa/core', async () => {
    expect(Object.keys(await import('./index')).sort()).toEqual([
      'IfaError',
      'InvalidOptionError',
      'createRng',
    ]);
  });

  it('@ifa/core/node', async () => {
    expect(Object.keys(await import('./node/index')).sort()).toEqual([
      'atomicWriteDir',
      'atomicWriteFile',
      'atomicWriteJson',
      'pathExists',
      'recoverAtomicDir',
      'temporarySibling',
    ]);
  });

  it('@ifa/core/internal', async () => {
    expect(Object.keys(await import('./internal/index')).sort()).toEqual(['deriveSeed', 'mulberry32']);
  });
});
