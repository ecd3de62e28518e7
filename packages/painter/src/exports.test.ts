import { describe, expect, it } from 'vitest';

// The runtime names each entry point exports. A change to one of these lists is a deliberate API
// decision covered by semver (this package has no ./internal).
describe('@ifa/painter exports', () => {
  const main = [
    'IfaError',
    'InvalidOptionError',
    'MAX_COUNT',
    'MissingPreprocessingError',
    'createPainter',
    'loadPainter',
    'toRgba',
  ];

  it('@ifa/painter', async () => {
    expect(Object.keys(await import('./index')).sort()).toEqual(main);
  });

  it('@ifa/painter/node: the same, plus toPng', async () => {
    expect(Object.keys(await import('./node/index')).sort()).toEqual([...main, 'toPng'].sort());
  });
});
