// Times loading and encoding all FSDD recordings: cold (no spectrogram cache), from the on-disk cache
// (a fresh SpectrogramCache reading the file, as a new process would) and from memory.
// Data: IFA_DATA_DIR, else ../shared/datasets beside the repository, else resolveDataDir().
// Run: npm run bench -w packages/paired-dataset   (or the root `npm run bench`)
import { existsSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SpectrogramEncoder } from '@ifa/audio-features';
import { loadFsdd, resolveDataDir, SpectrogramCache } from '../dist/index.js';

const repoRoot = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
const besideRepo = resolve(repoRoot, '..', 'shared', 'datasets');
const dir = process.env.IFA_DATA_DIR ?? (existsSync(besideRepo) ? besideRepo : resolveDataDir());
const repeats = Number(process.env.BENCH_REPEATS ?? 3);

const seconds = (start) => Number(process.hrtime.bigint() - start) / 1e9;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const rows = { load: [], encodeCold: [], encodeDisk: [], encodeMemory: [] };
let count = 0;
let cacheBytes = 0;
for (let run = 0; run < repeats; run++) {
  const cacheDir = await mkdtemp(join(tmpdir(), 'ifa-bench-cache-'));
  try {
    let start = process.hrtime.bigint();
    const records = await loadFsdd({ dir });
    rows.load.push(seconds(start));
    count = records.length;

    const encoder = new SpectrogramEncoder();
    const cache = new SpectrogramCache({ dir: cacheDir });
    start = process.hrtime.bigint();
    await cache.encodeAll(records, encoder);
    rows.encodeCold.push(seconds(start));
    cacheBytes = (await stat(cache.filePathFor(encoder.config))).size;

    start = process.hrtime.bigint();
    await new SpectrogramCache({ dir: cacheDir }).encodeAll(records, encoder);
    rows.encodeDisk.push(seconds(start));

    start = process.hrtime.bigint();
    await cache.encodeAll(records, encoder);
    rows.encodeMemory.push(seconds(start));
  } finally {
    await rm(cacheDir, { recursive: true, force: true });
  }
}

const audioSeconds = (await loadFsdd({ dir })).reduce((sum, r) => sum + r.samples.length / r.sampleRate, 0);
console.log(
  `@ifa/paired-dataset bench: ${count} FSDD recordings (${audioSeconds.toFixed(0)} s of audio) from ${dir}`,
);
console.log(
  `node ${process.version}, median of ${repeats} runs; files are in the OS page cache after the first read`,
);
const line = (label, values) =>
  console.log(
    `  ${label.padEnd(44)} ${median(values).toFixed(3)} s   (runs: ${values.map((v) => v.toFixed(3)).join(', ')})`,
  );
line('loadFsdd (read + decode + sha256)', rows.load);
line('encode, cold (no cache; writes disk cache)', rows.encodeCold);
line('encode, from on-disk cache (fresh instance)', rows.encodeDisk);
line('encode, from memory cache', rows.encodeMemory);
line(
  'load + encode cold',
  rows.load.map((v, i) => v + rows.encodeCold[i]),
);
line(
  'load + encode from disk cache',
  rows.load.map((v, i) => v + rows.encodeDisk[i]),
);
console.log(`  on-disk cache file: ${(cacheBytes / 1e6).toFixed(1)} MB`);
