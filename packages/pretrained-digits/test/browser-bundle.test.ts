import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { pretrainedDigits } from '../src';

// Vite is always installed here (vitest runs on it), though not at the top of node_modules.
const require = createRequire(import.meta.url);
const vitePath = join(
  dirname(require.resolve('vitest/package.json')),
  'node_modules',
  'vite',
  'dist',
  'node',
  'index.js',
);

describe('in a browser bundle', () => {
  it('vite emits every model file as an asset and rewrites its URL (no file: URL, no Node built-in)', async () => {
    const { build } = (await import(pathToFileURL(vitePath).href)) as {
      build: (config: Record<string, unknown>) => Promise<unknown>;
    };
    // An app that uses the descriptor, as a user's page would.
    const root = await mkdtemp(join(tmpdir(), 'ifa-vite-'));
    const source = fileURLToPath(new URL('../src/index.ts', import.meta.url));
    await writeFile(
      join(root, 'main.js'),
      `import { pretrainedDigits } from ${JSON.stringify(source)};\nconsole.log(pretrainedDigits.files);\n`,
    );
    const output = await build({
      root,
      logLevel: 'silent',
      configFile: false,
      build: {
        write: false,
        rollupOptions: { input: join(root, 'main.js') },
        // Inline nothing, so every file stays a file (small JSON files would become data: URLs otherwise,
        // which loadModel reads as well).
        assetsInlineLimit: 0,
      },
    });
    await rm(root, { recursive: true, force: true });
    type Chunk = { type: 'asset' | 'chunk'; fileName: string; code?: string };
    const results = (Array.isArray(output) ? output : [output]) as { output?: Chunk[] }[];
    const chunks = results.flatMap((o) => o.output ?? []);
    const assets = chunks.filter((c) => c.type === 'asset').map((c) => c.fileName);
    const code = chunks
      .filter((c) => c.type === 'chunk')
      .map((c) => c.code ?? '')
      .join('\n');
    const names = Object.keys(pretrainedDigits.files);
    // One emitted asset per model file, e.g. assets/weights-<hash>.bin; the two model.json and
    // weights.bin files of the sub-models stay apart.
    expect(assets.length).toBeGreaterThanOrEqual(names.length);
    for (const name of names) {
      const base = name
        .split('/')
        .pop()!
        .replace(/\.[^.]+$/, '');
      expect(assets.some((a) => a.includes(base))).toBe(true);
    }
    expect(code).not.toMatch(/\.\.\/model\/|from ["']node:|require\(["']node:/);
  }, 120_000);
});
