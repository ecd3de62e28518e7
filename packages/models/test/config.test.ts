import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type Options } from 'tsup';
import { describe, expect, it } from 'vitest';
import { createCvae, InvalidConfigError, saveModel, WGAN_ORIGINAL_MNIST_64 } from '../src';
import { CGAN_PRESETS, resolveConfig } from '../src/config';
import { PACKAGE_VERSION } from '../src/version';
import tsupConfig from '../tsup.config';
import { withTempDir } from './helpers';
import { useCpuBackend } from './setup-backend';

const packageJson = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};
const builtIndex = fileURLToPath(new URL('../dist/index.js', import.meta.url));

/** What `saveModel` stamps: `packageVersion` in ifa-model.json and `convertedBy` in each model.json. */
async function stampedVersions(save: (dir: string) => Promise<unknown>): Promise<string[]> {
  return withTempDir(async (dir) => {
    await save(dir);
    const manifest = JSON.parse(await readFile(join(dir, 'ifa-model.json'), 'utf8')) as {
      packageVersion: string;
      models: Record<string, string>;
    };
    const stamps = [manifest.packageVersion];
    for (const path of Object.values(manifest.models)) {
      const modelJson = JSON.parse(await readFile(join(dir, path), 'utf8')) as { convertedBy: string };
      stamps.push(modelJson.convertedBy.replace(/^@ifa\/models /, ''));
    }
    return stamps;
  });
}

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
    ['cgan', { imageSize: 32 }, /"imageSize" must be 28 or 64/],
    ['cgan', { imageSize: 64 }, /needs inputHeight = inputWidth = imageSize/],
    ['wgan', { imageSize: 64 }, /conditioning "audio" needs inputHeight/],
    ['wgan', { imageSize: 48, conditioning: 'none' }, /28 or 64/],
    ['cvae', { inputHeight: 8 }, /too small/],
    ['cvae', { imageChannels: 2 }, /"imageChannels" must be 1 \(grey\) or 3 \(RGB\), got 2/],
  ] as const)('%s %j is rejected', (kind, input, message) => {
    expect(() => resolveConfig(kind, input as never)).toThrow(InvalidConfigError);
    expect(() => resolveConfig(kind, input as never)).toThrow(message);
  });
});

describe('the version saveModel stamps into ifa-model.json', () => {
  it('is PACKAGE_VERSION, the source placeholder when run from source (as here)', async () => {
    await useCpuBackend();
    const model = createCvae('tiny', { seed: 1 });
    const stamps = await stampedVersions((dir) => saveModel(model, dir));
    model.dispose();
    expect(PACKAGE_VERSION).toBe('0.0.0-source');
    expect(new Set(stamps)).toEqual(new Set([PACKAGE_VERSION]));
  });

  it("is package.json's version once src/version.ts is built with the package's own tsup config", async () => {
    const config = tsupConfig as Options;
    await withTempDir(async (outDir) => {
      await build({
        ...config,
        config: false,
        entry: { version: fileURLToPath(new URL('../src/version.ts', import.meta.url)) },
        format: ['esm'],
        outDir,
        dts: false,
        sourcemap: false,
        clean: false,
        silent: true,
      });
      const built = (await import(
        pathToFileURL(join(outDir, 'version.js')).href
      )) as typeof import('../src/version');
      expect(built.PACKAGE_VERSION).toBe(packageJson.version);
    });
  });

  // The built package itself, when `npm run build` has made one (a dist older than a version bump fails:
  // rebuild).
  it.skipIf(!existsSync(builtIndex))("is package.json's version when saved by the built dist", async () => {
    await useCpuBackend();
    const dist = (await import(pathToFileURL(builtIndex).href)) as typeof import('../src');
    const model = dist.createCvae('tiny', { seed: 1 });
    const stamps = await stampedVersions((dir) => dist.saveModel(model, dir));
    model.dispose();
    expect(new Set(stamps), 'stamped by packages/models/dist (rebuild it if stale)').toEqual(
      new Set([packageJson.version]),
    );
  });
});
