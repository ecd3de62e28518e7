import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { InvalidConfigError, WGAN_ORIGINAL_MNIST_64 } from '../src';
import { CGAN_PRESETS, resolveConfig } from '../src/config';
import { PACKAGE_VERSION } from '../src/version';

describe('resolveConfig', () => {
  it('defaults to the seed preset and returns a fresh plain-JSON copy', () => {
    const config = resolveConfig('cgan', undefined);
    expect(config).toEqual(CGAN_PRESETS.seed);
    expect(JSON.parse(JSON.stringify(config))).toEqual(config);
    config.generatorFilters[0] = 1;
    expect(CGAN_PRESETS.seed.generatorFilters[0]).toBe(64);
  });

  it('applies overrides on top of the named preset', () => {
    const config = resolveConfig('vaegan', { preset: 'small', reconstructionWeight: 0.25 });
    expect(config.preset).toBe('small');
    expect(config.reconstructionWeight).toBe(0.25);
    expect(config.filters).toBe(16);
    expect(resolveConfig('wgan', { ...WGAN_ORIGINAL_MNIST_64 })).toMatchObject({
      imageSize: 64,
      conditioning: 'none',
    });
  });

  it.each([
    ['cgan', 'huge', /preset must be one of/],
    ['cgan', { generatorFiltrs: [1, 2, 3, 4] }, /unknown key "generatorFiltrs"/],
    ['cgan', { generatorFilters: [1, 2, 3] }, /array of 4 positive integers/],
    ['cvae', { latentSize: 2.5 }, /positive integer/],
    ['cvae', { klWeight: -1 }, /finite number >= 0/],
    ['cvae', { decoder: 'pixelshuffle' }, /"seed-stride3", "full"/],
    ['cgan', { imageSize: 32 }, /needs inputHeight = inputWidth = imageSize = 28/],
    ['wgan', { imageSize: 64 }, /conditioning "audio" needs inputHeight/],
    ['wgan', { imageSize: 48, conditioning: 'none' }, /28 or 64/],
    ['cvae', { inputHeight: 8 }, /too small/],
    ['cvae', { imageChannels: 3 }, /imageChannels 1 only/],
  ] as const)('%s %j is rejected', (kind, input, message) => {
    expect(() => resolveConfig(kind, input as never)).toThrow(InvalidConfigError);
    expect(() => resolveConfig(kind, input as never)).toThrow(message);
  });

  it("PACKAGE_VERSION is the source placeholder when not built, and tsup stamps package.json's", async () => {
    expect(PACKAGE_VERSION).toBe('0.0.0-source');
    const tsup = await readFile(new URL('../tsup.config.ts', import.meta.url), 'utf8');
    expect(tsup).toContain('__IFA_MODELS_VERSION__: JSON.stringify(version)');
  });
});
