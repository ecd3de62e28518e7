#!/usr/bin/env node
/**
 * One command for the evidence behind the README's "Why reconstruction stalls" and "Recommended recipes":
 * trains every run below with the `ifa` command line (resuming a run that stopped part-way, skipping one
 * already trained), evaluates each with the cached digit judge, and writes `evidence.md` with the tables
 * and each run's wall time.
 *
 *   IFA_DATA_DIR=../shared/datasets node scripts/evidence.mjs --out runs/evidence [--only a,b] [--jobs 2]
 *
 * Needs the built packages (`npm run build`). Two jobs at once suit a 2-core machine (each then trains on
 * one wasm thread); use `--jobs 1` (two threads) when the wall times matter.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const read = (path) => JSON.parse(readFileSync(path, 'utf8'));
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'packages/cli/dist/cli.js');

/** Every run: the question it answers, and its `ifa train` flags. */
export const RUNS = [
  // Why reconstruction stalls: the original-recipe CVAE, one factor changed at a time.
  {
    name: 'cvae-small-random',
    group: 'ablation',
    factor: 'baseline (random same-label pairing, lr 3e-4)',
    args: '--model cvae --preset small --epochs 5',
  },
  {
    name: 'cvae-small-one-to-one',
    group: 'ablation',
    factor: "pairing: the original's one-to-one",
    args: '--model cvae --preset small --epochs 5 --pairing one-to-one',
  },
  {
    name: 'cvae-small-random-30',
    group: 'ablation',
    factor: 'baseline, 30 epochs',
    args: '--model cvae --preset small --epochs 30',
  },
  {
    name: 'cvae-small-one-to-one-30',
    group: 'ablation',
    factor: "the original's one-to-one pairing, 30 epochs",
    args: '--model cvae --preset small --epochs 30 --pairing one-to-one',
  },
  {
    name: 'cvae-small-lr-1e-3',
    group: 'ablation',
    factor: 'learning rate 1e-3',
    args: '--model cvae --preset small --epochs 5 --learning-rate 0.001',
  },
  {
    name: 'cvae-small-kl-0',
    group: 'ablation',
    factor: 'loss: no KL term',
    args: '--model cvae --preset small --epochs 5 --config {"klWeight":0}',
  },
  {
    name: 'cvae-recommended-5',
    group: 'ablation',
    factor: 'model: the class-conditioned CVAE (recommended), 5 epochs',
    args: '--model cvae --epochs 5',
  },
  // The recommended recipe, on the standard split and with the hardest speaker held out.
  { name: 'cvae-recommended', group: 'recipe', factor: 'standard split', args: '--model cvae --epochs 60' },
  {
    name: 'cvae-recommended-theo',
    group: 'recipe',
    factor: 'theo held out',
    args: '--model cvae --epochs 60 --split speakers:theo',
  },
  {
    name: 'cvae-recommended-theo-augment',
    group: 'recipe',
    factor: 'theo held out, --augment',
    args: '--model cvae --epochs 60 --split speakers:theo --augment',
  },
  // The GANs' class-conditioned recipes (their `recommended` presets), on the standard split.
  {
    name: 'vaegan-recommended',
    group: 'recipe',
    factor: 'VAE-GAN, standard split',
    args: '--model vaegan --epochs 40',
  },
  {
    name: 'wgan-recommended',
    group: 'recipe',
    factor: 'WGAN-GP, standard split',
    args: '--model wgan --epochs 30',
  },
  // Voices never heard: leave one speaker out, for each of FSDD's six (theo's run is above).
  ...['george', 'jackson', 'lucas', 'nicolas', 'yweweler'].map((speaker) => ({
    name: `cvae-recommended-${speaker}-augment`,
    group: 'speakers',
    factor: `${speaker} held out, --augment`,
    args: `--model cvae --epochs 60 --split speakers:${speaker} --augment`,
  })),
  // The same six with each voice normalised by its own recordings (band means and deviations).
  ...['george', 'jackson', 'lucas', 'nicolas', 'theo', 'yweweler'].map((speaker) => ({
    name: `cvae-recommended-${speaker}-augment-speaker-norm`,
    group: 'speakers-normalised',
    factor: `${speaker} held out, --augment --normalise speaker`,
    args: `--model cvae --epochs 60 --split speakers:${speaker} --augment --normalise speaker`,
    // Also evaluated drawing the one digit the model hears most likely (report in most-likely/).
    mostLikely: true,
  })),
  // The VAE-GAN, whose discriminator makes its digits easier to read, with the same held-out voices.
  ...['george', 'jackson', 'lucas', 'nicolas', 'theo', 'yweweler'].map((speaker) => ({
    name: `vaegan-recommended-${speaker}-augment-speaker-norm`,
    group: 'speakers-normalised-vaegan',
    factor: `VAE-GAN, ${speaker} held out, --augment --normalise speaker`,
    args: `--model vaegan --epochs 40 --split speakers:${speaker} --augment --normalise speaker`,
    mostLikely: true,
  })),
];

const { values } = parseArgs({
  options: {
    out: { type: 'string', default: 'runs/evidence' },
    only: { type: 'string' },
    jobs: { type: 'string', default: '2' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log('usage: evidence.mjs [--out runs/evidence] [--only name,name] [--jobs 2]');
  console.log(RUNS.map((r) => `  ${r.name}: ifa train ${r.args}`).join('\n'));
  process.exit(0);
}
if (!process.env.IFA_DATA_DIR) {
  console.error(
    'evidence: set IFA_DATA_DIR to the full MNIST x FSDD data (the shipped sample is too small).',
  );
  process.exit(1);
}
const outRoot = resolve(values.out);
const only = values.only?.split(',').filter(Boolean);
const unknown = (only ?? []).filter((name) => !RUNS.some((r) => r.name === name));
if (unknown.length > 0) {
  console.error(`evidence: unknown run(s) ${unknown.join(', ')}; see --help`);
  process.exit(1);
}
const selected = RUNS.filter((r) => !only || only.includes(r.name));
const jobs = Math.max(1, Number(values.jobs));

/** Runs `node cli.js ...args`, streaming its stderr with a prefix; rejects on a non-zero exit. */
function ifa(name, args) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.stderr.on('data', (chunk) => {
      for (const line of String(chunk).split('\n'))
        if (/epoch \d+\/\d+:|error/i.test(line)) console.error(`[${name}] ${line}`);
    });
    child.on('close', (code) =>
      code === 0 ? resolvePromise(out) : reject(new Error(`${name}: ifa ${args[0]} exited with ${code}`)),
    );
  });
}

function epochsDone(outDir) {
  const state = join(outDir, 'checkpoints', 'latest', 'trainer', 'state.json');
  if (!existsSync(state)) return 0;
  return JSON.parse(readFileSync(state, 'utf8')).epoch ?? 0;
}

async function runOne(run) {
  const outDir = join(outRoot, run.name);
  const args = run.args.split(' ');
  const epochs = Number(args[args.indexOf('--epochs') + 1]);
  const done = epochsDone(outDir);
  if (done < epochs) {
    // Parallel jobs train on one wasm thread each: two trainings of two threads on two cores wait on each
    // other's threads (a 60-epoch run went from 17 to 65 s an epoch beside a third process).
    const threads = jobs > 1 ? ['--threads', '1'] : [];
    await ifa(run.name, [
      'train',
      ...args,
      ...threads,
      '--out',
      outDir,
      ...(done > 0 ? ['--resume'] : ['--overwrite']),
    ]);
  }
  // A report newer than the checkpoint it judged is kept (the judge is cached, so it would not change).
  const report = join(outDir, 'report.json');
  const checkpoint = join(outDir, 'checkpoints', 'latest', 'trainer', 'state.json');
  // Older reports lack heardAccuracy (what the model's own classifier hears): evaluate them again.
  const stale = (file) =>
    !existsSync(file) ||
    statSync(file).mtimeMs < statSync(checkpoint).mtimeMs ||
    !('heardAccuracy' in read(file));
  if (stale(report)) {
    await ifa(run.name, ['evaluate', '--run', outDir]);
  }
  const mostLikelyDir = join(outDir, 'most-likely');
  const mostLikelyReport = join(mostLikelyDir, 'report.json');
  if (run.mostLikely && stale(mostLikelyReport)) {
    await ifa(run.name, ['evaluate', '--run', outDir, '--heard', 'most-likely', '--out', mostLikelyDir]);
  }
  return { run, outDir };
}

await mkdir(outRoot, { recursive: true });
const queue = [...selected];
const results = [];
await Promise.all(
  Array.from({ length: Math.min(jobs, queue.length) }, async () => {
    while (queue.length > 0) results.push(await runOne(queue.shift()));
  }),
);

const lines = (path) =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
const pct = (v) => `${(v * 100).toFixed(1)}%`;
const fix = (v, d = 1) => (v === null || v === undefined ? '-' : v.toFixed(d));

function row({ run, outDir }) {
  const runJson = read(join(outDir, 'run.json'));
  const report = read(join(outDir, 'report.json'));
  const tests = lines(join(outDir, 'metrics.jsonl')).filter((r) => r.type === 'test');
  const last = tests.at(-1);
  const batch = runJson.options.batchSize;
  // Sum-squared reconstruction per image, where the model's loss is one (the original-recipe models).
  const sse = runJson.config.conditioning !== 'class';
  const perImage = (terms) =>
    sse && terms?.vae?.reconstruction !== undefined ? terms.vae.reconstruction / batch : null;
  return {
    name: run.name,
    factor: run.factor,
    command: `ifa train ${run.args}`,
    floorTrain: runJson.reconstructionFloor?.train?.perSample ?? null,
    floorTest: runJson.reconstructionFloor?.test?.perSample ?? null,
    trainRecon: perImage(last?.train?.losses),
    testRecon: perImage(last?.losses),
    accuracy: report.accuracy,
    mostLikely: run.mostLikely ? read(join(outDir, 'most-likely', 'report.json')) : null,
    within: report.diversity.withinDigit,
    realWithin: report.diversity.realWithinDigit,
    acrossNoise: report.diversity.acrossNoise,
    frechet: report.frechetDistance,
    // The epochs' own times from metrics.jsonl, so a reused run still reports what its training took.
    trainMinutes:
      lines(join(outDir, 'metrics.jsonl'))
        .filter((r) => r.type === 'epoch')
        .reduce((sum, r) => sum + r.seconds, 0) / 60,
    audioBaseline: baselines.get(run.args.match(/--split (\S+)/)?.[1]) ?? null,
  };
}

// What the audio allows for each held-out speaker: a small CNN reading the digit from the plain
// spectrograms of the same split (the judge's architecture, no augmentation).
const { spokenDigitBaseline, parseSplit } = await import('@ifa/evaluate/internal');
const { selectBackend } = await import('@ifa/backends');
await selectBackend({ log: () => {} });
// Cached in the output folder: each is a CNN training of a minute or so.
const baselineFile = join(outRoot, 'audio-baselines.json');
const baselines = new Map(existsSync(baselineFile) ? Object.entries(read(baselineFile)) : []);
for (const { run } of results.filter((r) => r.run.args.includes('--split'))) {
  const split = run.args.match(/--split (\S+)/)?.[1];
  if (!split || baselines.has(split)) continue;
  const { scheme } = parseSplit(split);
  const baseline = await spokenDigitBaseline({ dataDir: process.env.IFA_DATA_DIR, split: scheme });
  baselines.set(split, baseline.testAccuracy);
  await writeFile(baselineFile, `${JSON.stringify(Object.fromEntries(baselines), null, 2)}\n`);
  console.error(`[evidence] plain-spectrogram CNN, ${split}: ${pct(baseline.testAccuracy)}`);
}

const rows = results.sort((a, b) => RUNS.indexOf(a.run) - RUNS.indexOf(b.run)).map(row);
const table = (group) => [
  '| run | factor | train SSE/image | test SSE/image | floor (train / test) | digit accuracy | within digit | across noise | Frechet | train time |',
  '|---|---|---|---|---|---|---|---|---|---|',
  ...rows
    .filter((r) => RUNS.find((x) => x.name === r.name).group === group)
    .map(
      (r) =>
        `| \`${r.command}\` | ${r.factor} | ${fix(r.trainRecon)} | ${fix(r.testRecon)} | ${fix(r.floorTrain)} / ${fix(r.floorTest)} | ${pct(r.accuracy)} | ${fix(r.within, 2)} | ${fix(r.acrossNoise, 2)} | ${fix(r.frechet)} | ${r.trainMinutes.toFixed(1)} min |`,
    ),
];
// The class-conditioned runs evaluated both ways: drawing from the heard probabilities (the default) and
// drawing the most likely heard digit (`--heard most-likely`).
const heardTable = (group) => [
  "| run | heard by the model's classifier | digit accuracy (probabilities) | digit accuracy (most likely) | Frechet (probabilities / most likely) | within digit (most likely) | across noise (most likely) |",
  '|---|---|---|---|---|---|---|',
  ...rows
    .filter((r) => RUNS.find((x) => x.name === r.name).group === group && r.mostLikely !== null)
    .map(
      (r) =>
        `| \`${r.name}\` | ${pct(r.mostLikely.heardAccuracy)} | ${pct(r.accuracy)} | ${pct(r.mostLikely.accuracy)} | ${fix(r.frechet)} / ${fix(r.mostLikely.frechetDistance)} | ${fix(r.mostLikely.diversity.withinDigit, 2)} | ${fix(r.mostLikely.diversity.acrossNoise, 2)} |`,
    ),
];
const markdown = [
  '# Evidence',
  '',
  `Runs in ${outRoot}; real digits' within-digit diversity ${fix(rows[0]?.realWithin, 2)}.`,
  '',
  '## Why reconstruction stalls (one factor at a time)',
  '',
  ...table('ablation'),
  '',
  '## Recommended recipe',
  '',
  ...table('recipe'),
  '',
  '## Leave one speaker out (recommended recipe, --augment)',
  '',
  ...table('speakers'),
  '',
  '## Leave one speaker out, each voice normalised by its own recordings (--normalise speaker)',
  '',
  ...table('speakers-normalised'),
  '',
  'The same runs drawing the digit each model hears most likely (`ifa evaluate --heard most-likely`):',
  '',
  ...heardTable('speakers-normalised'),
  '',
  '## Leave one speaker out with the VAE-GAN (--augment --normalise speaker)',
  '',
  ...table('speakers-normalised-vaegan'),
  '',
  ...heardTable('speakers-normalised-vaegan'),
  '',
  '| held-out split | plain-spectrogram CNN (what the audio allows without augmentation) |',
  '|---|---|',
  ...[...baselines].map(([split, accuracy]) => `| ${split} | ${pct(accuracy)} |`),
  '',
].join('\n');
await writeFile(join(outRoot, 'evidence.md'), markdown);
console.log(markdown);
