import { fileURLToPath } from 'node:url';
// esbuild is always installed here: vite, which vitest runs on, depends on it.
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

describe('main entry', () => {
  it('bundles for a browser with no Node built-ins or Buffer', async () => {
    const result = await build({
      entryPoints: [fileURLToPath(new URL('./index.ts', import.meta.url))],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      logLevel: 'silent',
      metafile: true,
      // Bundle @ifa/core from source too, as vitest resolves it (its dist/ may not be built).
      alias: { '@ifa/core': fileURLToPath(new URL('../../core/src/index.ts', import.meta.url)) },
    });
    expect(result.errors).toEqual([]);
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((path) => path.includes('/node/'))).toBe(false);
    const code = result.outputFiles[0]!.text;
    expect(code).not.toMatch(/\bBuffer\b|from ["']node:|require\(["']node:/);
    expect(code).toContain('SpectrogramEncoder');
  });
});
