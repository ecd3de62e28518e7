// Bundles bench-webgpu.ts (tfjs and webgpu stay external, @ifa/models resolves to source) and runs it in
// a fresh Node process. Arguments pass through, e.g. --model cgan --preset tiny --batch 2 --steps 5
// --allow-software --backend webgpu|cpu.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..', '..', '..');
const outDir = join(root, 'node_modules', '.cache', 'ifa-webgpu-bench');
mkdirSync(outDir, { recursive: true });
const outfile = join(outDir, 'bench-webgpu.mjs');
await build({
  entryPoints: [join(here, 'bench-webgpu.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile,
  external: ['@tensorflow/*', 'webgpu'],
  alias: { '@ifa/models': join(root, 'packages', 'models', 'src', 'index.ts') },
  logLevel: 'warning',
});
const result = spawnSync(process.execPath, [outfile, '--run-bench-webgpu', ...process.argv.slice(2)], {
  stdio: 'inherit',
});
process.exitCode = result.status ?? 1;
