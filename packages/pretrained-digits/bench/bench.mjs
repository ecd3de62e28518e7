#!/usr/bin/env node
/**
 * Benchmarks of the pretrained digit painter (not timed tests; numbers depend on the machine and its load).
 *
 *   npm run bench -w @ifa/pretrained-digits        (builds this package first; build the rest with npm run build)
 *   node bench/bench.mjs [--runs 50] [--backend auto|wasm|cpu|tensorflow]
 *
 * 1. Installed size of the inference packages (@ifa/core, audio-features, models, backends, painter,
 *    pretrained-digits and their non-TensorFlow dependencies), without tfjs; the tfjs packages separately.
 *    @ifa packages count what `npm pack` would publish (unpacked), third-party ones their folder here.
 * 2. Latency of one recording, WAV bytes to pixels (`painter.fromWav`: decode, encode, generate, read back),
 *    on the default Node backend: median and 90th percentile of --runs calls after 5 warm-up calls, with
 *    the encoder's share measured on its own.
 * 3. Throughput of batches (`painter.fromWavs`) of 1 to 64 recordings, in recordings per second.
 * The load average (1, 5, 15 min) is printed before and after: on a shared machine it moves the numbers.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeWav } from '@ifa/audio-features';
import { loadPainter } from '@ifa/painter';
import { pretrainedDigits } from '@ifa/pretrained-digits';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(name);
  return i < 0 ? fallback : args[i + 1];
};
const runs = Number(flag('--runs', '50'));
const backend = flag('--backend', 'auto');
const load = () =>
  loadavg()
    .map((v) => v.toFixed(2))
    .join(', ');

console.log(`# @ifa/pretrained-digits benchmarks (${new Date().toISOString()})`);
console.log(`load average before: ${load()}`);

// --- 1. installed size -----------------------------------------------------------------------------------
const INFERENCE = [
  '@ifa/core',
  '@ifa/audio-features',
  '@ifa/models',
  '@ifa/backends',
  '@ifa/painter',
  '@ifa/pretrained-digits',
];
function packageDir(name, from = repoRoot) {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dirname(dir) === dir) throw new Error(`${name} not found from ${from}`);
  }
}
function folderBytes(dir) {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? folderBytes(path) : statSync(path).size;
  }
  return total;
}
function packedBytes(dir) {
  const [info] = JSON.parse(
    execFileSync('npm', ['pack', '--dry-run', '--json'], { cwd: dir, encoding: 'utf8' }),
  );
  return info.unpackedSize;
}
/** Sizes of every package reachable from `roots` (dependencies and required peers), not entering `stop`. */
function closure(roots, stop = () => false, skip = new Set()) {
  const found = new Map();
  const queue = [...roots];
  while (queue.length > 0) {
    const name = queue.shift();
    if (found.has(name) || skip.has(name)) continue;
    const dir = packageDir(name);
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    found.set(name, name.startsWith('@ifa/') ? packedBytes(dir) : folderBytes(dir));
    if (stop(name)) continue;
    // What a user's install brings: dependencies and required peers (optional peers are not installed).
    const optional = manifest.peerDependenciesMeta ?? {};
    const peers = Object.keys(manifest.peerDependencies ?? {}).filter((p) => !optional[p]?.optional);
    queue.push(...Object.keys(manifest.dependencies ?? {}), ...peers);
  }
  return found;
}
const isTf = (name) => name.startsWith('@tensorflow/');
// Ours and what they bring, stopping at tfjs; then tfjs and what only it brings.
const reached = closure(INFERENCE, isTf);
const sizes = new Map([...reached].filter(([name]) => !isTf(name)));
const tfjs = closure([...reached.keys()].filter(isTf), () => false, new Set(sizes.keys()));
const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(2)} MiB`;
const sum = (map) => [...map.values()].reduce((a, b) => a + b, 0);
console.log('\n## Installed size (unpacked)');
for (const [name, bytes] of [...sizes].sort((a, b) => b[1] - a[1]))
  console.log(`  ${name.padEnd(28)} ${mib(bytes)}`);
console.log(`  inference packages without tfjs: ${mib(sum(sizes))} in ${sizes.size} packages`);
const modelBytes = folderBytes(fileURLToPath(pretrainedDigits.folder));
console.log(`    of which the model files: ${mib(modelBytes)}`);
console.log(`  tfjs and what only it brings: ${mib(sum(tfjs))} in ${tfjs.size} packages`);
for (const [name, bytes] of [...tfjs].filter(([n]) => isTf(n)))
  console.log(`    ${name.padEnd(30)} ${mib(bytes)}`);

// --- 2. latency --------------------------------------------------------------------------------------------
const recordings = join(repoRoot, 'packages', 'paired-dataset', 'sample', 'fsdd', 'recordings');
const wavFiles = readdirSync(recordings)
  .filter((f) => f.endsWith('.wav'))
  .sort();
const wavs = wavFiles.map((f) => readFileSync(join(recordings, f)));
const started = performance.now();
const painter = await loadPainter(pretrainedDigits, { backend });
const loadMs = performance.now() - started;
console.log(`\n## Latency, one recording (WAV bytes -> pixels), backend ${painter.backend}`);
console.log(`  backend: ${painter.backendSelection?.reason ?? 'current'}`);
console.log(`  loadPainter (backend + model): ${loadMs.toFixed(0)} ms`);
const wav = readFileSync(
  join(repoRoot, 'packages', 'audio-features', 'src', '__fixtures__', 'fsdd', '7_jackson_32.wav'),
);
for (let i = 0; i < 5; i++) await painter.fromWav(wav);
const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
const total = [];
for (let i = 0; i < runs; i++) {
  const t0 = performance.now();
  await painter.fromWav(wav);
  total.push(performance.now() - t0);
}
const encodeOnly = [];
for (let i = 0; i < runs; i++) {
  const t0 = performance.now();
  painter.encoder.encodeAudio(decodeWav(wav));
  encodeOnly.push(performance.now() - t0);
}
console.log(
  `  fromWav: median ${quantile(total, 0.5).toFixed(2)} ms, p90 ${quantile(total, 0.9).toFixed(2)} ms ` +
    `(${runs} runs; goal < 20 ms)`,
);
console.log(
  `    of which decode + encode: median ${quantile(encodeOnly, 0.5).toFixed(2)} ms; generate + read back: ` +
    `about ${(quantile(total, 0.5) - quantile(encodeOnly, 0.5)).toFixed(2)} ms`,
);

// --- 3. throughput --------------------------------------------------------------------------------------
console.log(`\n## Throughput (fromWavs, ${wavFiles.length} distinct sample recordings cycled)`);
for (const size of [1, 8, 32, 64]) {
  const batch = Array.from({ length: size }, (_, i) => wavs[i % wavs.length]);
  await painter.fromWavs(batch);
  let count = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < 3000 || count < 2 * size) {
    await painter.fromWavs(batch);
    count += size;
  }
  const seconds = (performance.now() - t0) / 1000;
  console.log(`  batch ${String(size).padStart(2)}: ${(count / seconds).toFixed(1)} recordings/s`);
}
painter.dispose();
console.log(`\nload average after: ${load()}`);
