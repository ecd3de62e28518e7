// Bundles bench/train-bench.ts (tfjs stays external, @ifa/* resolves to source) and runs one Node
// process per (backend, model), so a backend's kernel registrations never leak into another run.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..', '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const outDir = join(root, 'node_modules', '.cache', 'ifa-train-bench');
mkdirSync(outDir, { recursive: true });
const micro = process.argv.includes('--micro');
const outfile = join(outDir, micro ? 'kernel-micro.mjs' : 'train-bench.mjs');
await build({
  entryPoints: [join(here, micro ? 'kernel-micro.ts' : 'train-bench.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile,
  external: ['@tensorflow/*'],
  // A directory alias: '@ifa/models' resolves to src/index.ts and '@ifa/models/internal' to src/internal/index.ts.
  alias: { '@ifa/models': join(root, 'packages', 'models', 'src') },
  logLevel: 'warning',
});

if (micro) {
  console.log(
    `# ${new Date().toISOString()} load: ${spawnSync('uptime', { encoding: 'utf8' }).stdout.trim()}`,
  );
  spawnSync(process.execPath, [outfile], { stdio: 'inherit' });
  process.exit(0);
}
const backends = arg('backends', 'wasm-ours,wasm-stock')
  .split(',')
  .filter((b) => b !== 'none');
const models = arg('models', 'cgan,cvae,vaegan,wgan').split(',');
const pass = ['batch', 'steps', 'warmup', 'profile', 'threads', 'detail', 'preset'].flatMap((k) =>
  arg(k) === undefined ? [] : [`--${k}`, arg(k)],
);
const uptime = spawnSync('uptime', { encoding: 'utf8' }).stdout.trim();
console.log(`# ${new Date().toISOString()} load: ${uptime}`);
const peer = process.argv.includes('--peer');
const peerThreads = arg('peer-threads');
// Models bench/pytorch-peer.py rebuilds; the WGAN-GP is timed on our side only.
const PEER_MODELS = ['cgan', 'cvae', 'vaegan'];
function runPeer(model) {
  if (!PEER_MODELS.includes(model)) {
    console.log(`${model.padEnd(7)} pytorch     no peer for this model in bench/pytorch-peer.py`);
    return undefined;
  }
  const args = [
    '--models',
    model,
    ...['batch', 'steps', 'warmup'].flatMap((k) => (arg(k) === undefined ? [] : [`--${k}`, arg(k)])),
  ];
  if (peerThreads) args.push('--threads', peerThreads);
  const r = spawnSync('sh', [join(here, 'pytorch-peer.sh'), ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = r.stdout.split('\n').find((l) => l.startsWith('PEER '));
  if (!line) {
    console.log(`${model.padEnd(7)} pytorch     no result (exit ${r.status})`);
    return undefined;
  }
  const res = JSON.parse(line.slice(5));
  console.log(
    `${model.padEnd(7)} pytorch     threads ${res.threads} batch ${res.batch}: ${res.samplesPerSecond.toFixed(2)} samples/s (${res.secondsPerStep.toFixed(2)} s/step over ${res.steps} steps, torch ${res.torch})`,
  );
  return res.samplesPerSecond;
}
for (const model of models) {
  const ours = {};
  for (const backend of backends) {
    // webgpu runs through its own bench (Dawn must be wired in before tfjs-backend-webgpu loads); it takes
    // the same model and batch, and any adapter, software ones included, so that CI-like machines report
    // SwiftShader rather than nothing. The adapter is named in the output.
    const command =
      backend === 'webgpu'
        ? [
            join(here, '..', 'src', 'webgpu', 'run-bench-webgpu.mjs'),
            '--model',
            model,
            '--preset',
            arg('preset', 'seed'),
            '--allow-software',
            ...['batch', 'steps'].flatMap((k) => (arg(k) === undefined ? [] : [`--${k}`, arg(k)])),
          ]
        : [outfile, '--backend', backend, '--model', model, ...pass];
    const r = spawnSync(process.execPath, command, {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const line = r.stdout.split('\n').find((l) => l.startsWith('BENCH '));
    if (!line) {
      console.log(`${model} ${backend}: no result (exit ${r.status})`);
      continue;
    }
    const res = JSON.parse(line.slice(6));
    if (res.error || typeof res.samplesPerSecond !== 'number') {
      if (!res.error) res.error = 'no timed steps';
      console.log(`${model.padEnd(7)} ${backend.padEnd(11)} cannot train: ${res.error.split('\n')[0]}`);
      continue;
    }
    const where = res.adapter ? `adapter ${res.adapter}` : `threads ${res.threads}`;
    const perStep = res.secondsPerStep ?? res.seconds / res.steps;
    console.log(
      `${model.padEnd(7)} ${backend.padEnd(11)} ${where} batch ${res.batch}: ${res.samplesPerSecond.toFixed(2)} samples/s (${perStep.toFixed(2)} s/step over ${res.steps} steps)`,
    );
    if (res.kernels) {
      for (const k of res.kernels) {
        console.log(
          `    ${k.name.padEnd(24)} ${String(k.msPerStep).padStart(9)} ms ${String(k.share).padStart(5)}%  x${k.calls}`,
        );
      }
    }
    for (const [shape, e] of res.detail ?? [])
      console.log(`      ${arg('detail')} ${shape}: ${e.ms.toFixed(1)} ms x${e.calls}`);
    ours[backend] = res.samplesPerSecond;
    if (process.argv.includes('--json')) console.log(line);
  }
  if (peer) {
    const torchRate = runPeer(model);
    if (torchRate && ours['wasm-ours']) {
      console.log(
        `${model.padEnd(7)} ratio wasm-ours / pytorch = ${(ours['wasm-ours'] / torchRate).toFixed(2)}`,
      );
    }
  }
  console.log(`# load now: ${spawnSync('uptime', { encoding: 'utf8' }).stdout.trim()}`);
}
