#!/usr/bin/env node
/**
 * Trains the four models at equal settings (`small` presets, same epochs, seed, split and data), evaluates
 * each with one cached digit judge, sweeps the VAE-GAN reconstruction weight, and writes a markdown table.
 *
 *   IFA_DATA_DIR=../shared/datasets npm run compare -- --epochs 2 --out runs/compare
 *   npm run compare -- --split speakers:theo --models cgan --no-sweep --out runs/compare-theo
 *
 * Uses the built packages (run `npx turbo run build --filter=@ifa/evaluate` first; `npm run compare` does).
 * Every model is trained on `loadGeneratorDigitPairs`, whose pairing targets exclude the judge's images,
 * and each run folder gets `image-pools.json` saying so. Runs already trained to --epochs are reused
 * (resumed), so an interrupted comparison picks up where it stopped.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { selectBackend } from '@ifa/backends';
import { atomicWriteFile, atomicWriteJson } from '@ifa/core/node';
import { evaluate, loadOrTrainJudge } from '@ifa/evaluate';
import { parseSplit, spokenDigitBaseline } from '@ifa/evaluate/internal';
import { SpectrogramCache } from '@ifa/paired-dataset';
import { loadGeneratorDigitPairs } from '@ifa/paired-dataset/internal';
import { IMAGE_POOLS_FILE, recipeTraining, runPaths, train } from '@ifa/train';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    out: { type: 'string', default: 'runs/compare' },
    epochs: { type: 'string', default: '2' },
    seed: { type: 'string', default: '0' },
    split: { type: 'string', default: 'standard' },
    models: { type: 'string', default: 'cgan,cvae,vaegan,wgan' },
    preset: { type: 'string', default: 'small' },
    sweep: { type: 'string', default: '0.01,0.1,1,10' },
    'no-sweep': { type: 'boolean', default: false },
    'no-audio-baseline': { type: 'boolean', default: false },
    'max-batches': { type: 'string' },
    backend: { type: 'string', default: 'auto' },
    'judge-cache': { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(
    'usage: compare.mjs [--data-dir DIR] [--out runs/compare] [--epochs 2] [--seed 0] [--split standard|speakers:NAME|fraction:F]\n' +
      '                   [--models cgan,cvae,vaegan,wgan] [--preset small|recommended|seed|tiny] [--sweep 0.01,0.1,1,10 | --no-sweep] [--max-batches N] [--backend auto]',
  );
  process.exit(0);
}

const dataDir = values['data-dir'] ?? process.env.IFA_DATA_DIR;
if (!dataDir) {
  console.error(
    'compare: set IFA_DATA_DIR or pass --data-dir (the full MNIST x FSDD data; the shipped sample is too small).',
  );
  process.exit(1);
}
const epochs = Number(values.epochs);
const seed = Number(values.seed);
const maxBatches = values['max-batches'] === undefined ? undefined : Number(values['max-batches']);
const { label: splitLabel, scheme: split } = parseSplit(values.split);
const outRoot = resolve(values.out);
const models = values.models.split(',').filter(Boolean);
const preset = values.preset;
// Run folders of the original comparison keep their names; other presets get theirs in the folder name.
const runName = (name) => (preset === 'small' ? name : `${name}-${preset}`);
const sweep = values['no-sweep'] ? [] : values.sweep.split(',').filter(Boolean).map(Number);
const say = (message) => console.error(`[compare] ${message}`);

const backend = await selectBackend({ prefer: values.backend, log: say });
const started = Date.now();
say(`data ${dataDir}, split ${splitLabel}, ${epochs} epoch(s), seed ${seed}, backend ${backend.backend}`);
const cache = new SpectrogramCache({ dir: resolve(outRoot, 'spectrogram-cache') });
const data = await loadGeneratorDigitPairs({ dir: dataDir, split, seed, cache });
say(
  `generator pairs: ${data.train.size} train / ${data.test.size} test (${data.imagePolicy}, judge images excluded)`,
);
const judge = await loadOrTrainJudge({
  dataDir,
  ...(values['judge-cache'] !== undefined && { cacheDir: resolve(values['judge-cache']) }),
  onMessage: say,
});

/** Trains (or resumes) one configuration, evaluates it and returns its table row. */
async function run(name, model, config) {
  const outDir = resolve(outRoot, runName(name));
  const resume = existsSync(resolve(runPaths(outDir).latest, 'trainer', 'state.json'));
  const t0 = Date.now();
  const result = await train({
    model,
    preset,
    ...(config && { config }),
    epochs,
    seed,
    split,
    outDir,
    resume,
    data,
    ...(maxBatches !== undefined && { maxBatchesPerEpoch: maxBatches }),
    onEpoch: (e) =>
      say(
        `${name}: epoch ${e.epoch}/${e.epochs} in ${e.seconds.toFixed(0)} s (${e.samplesPerSecond.toFixed(1)} samples/s)`,
      ),
    onMessage: say,
  });
  result.model.dispose();
  const trainSeconds = (Date.now() - t0) / 1000;
  await atomicWriteJson(resolve(outDir, IMAGE_POOLS_FILE), {
    excludesJudgeImages: true,
    imagePolicy: data.imagePolicy,
    judgeCacheKey: judge.info.cacheKey,
    trainPairs: data.train.size,
    testPairs: data.test.size,
  });
  const report = await evaluate(outDir, { dataDir, split: splitLabel, judge, seed, onMessage: say });
  say(`${name}: accuracy ${(report.accuracy * 100).toFixed(1)}%, FD ${report.frechetDistance.toFixed(1)}`);
  return { name, model, config, trainSeconds, report };
}

// What the input allows: a CNN reading the digit from the spectrograms of the same split.
const baseline = values['no-audio-baseline']
  ? null
  : await spokenDigitBaseline({ dataDir, split, cache, onMessage: say });
if (baseline)
  say(`spoken-digit accuracy of the spectrograms themselves: ${(baseline.testAccuracy * 100).toFixed(1)}%`);

const rows = [];
for (const model of models) rows.push(await run(model, model));
const sweepRows = [];
for (const weight of sweep) {
  // The small preset's own weight is 1: reuse the plain VAE-GAN run instead of training it twice.
  const same = weight === 1 ? rows.find((row) => row.name === 'vaegan') : undefined;
  sweepRows.push(
    same
      ? { ...same, config: { reconstructionWeight: 1 } }
      : await run(`vaegan-recon-${weight}`, 'vaegan', { reconstructionWeight: weight }),
  );
}

const pct = (v) => (v === null ? '-' : `${(v * 100).toFixed(1)}%`);
const fmt = (v, digits = 2) => (v === null ? '-' : v.toFixed(digits));
const header =
  '| model | digit accuracy | worst digit | Frechet distance | diversity within digit | diversity across noise | ms/recording (single / batched) | train time |\n' +
  '|---|---|---|---|---|---|---|---|';
const line = (row) => {
  const r = row.report;
  const worst = r.perDigit.reduce(
    (best, v, d) => (v !== null && (best === null || v < best.v) ? { v, d } : best),
    null,
  );
  return `| ${row.name} | ${pct(r.accuracy)} | ${worst ? `${worst.d}: ${pct(worst.v)}` : '-'} | ${fmt(r.frechetDistance, 1)} | ${fmt(r.diversity.withinDigit)} | ${fmt(r.diversity.acrossNoise)} | ${fmt(r.speed.singleMsPerRecording)} / ${fmt(r.speed.batchedMsPerRecording)} | ${(row.trainSeconds / 60).toFixed(1)} min |`;
};
const first = (rows[0] ?? sweepRows[0])?.report;
const lines = [
  `# Model comparison (${splitLabel} split)`,
  '',
  `Command: \`IFA_DATA_DIR=${dataDir} npm run compare -- ${process.argv.slice(2).join(' ')}\``,
  '',
  `Settings: \`${preset}\` presets, ${epochs} epoch(s)${maxBatches ? ` of at most ${maxBatches} batches` : ''}, ` +
    `batch size / learning rate ${models.map((m) => `${m} ${recipeTraining(m, preset).batchSize} / ${recipeTraining(m, preset).learningRate}`).join(', ')}, seed ${seed}, ` +
    `backend ${backend.backend}; ${data.train.size} training / ${data.test.size} test recordings; ` +
    `pairing targets exclude the judge's images (${data.imagePolicy}).`,
  first
    ? `Judge: ${pct(first.judge.heldOutAccuracy)} on ${first.judge.heldOutImages} real held-out digits (${first.judge.trainImages} training images, ${first.judge.imagePolicy}). ` +
      `Real digits' own within-digit diversity: ${fmt(first.diversity.realWithinDigit)}.`
    : '',
  baseline
    ? `Spoken-digit accuracy of the input spectrograms themselves (the same CNN trained on the ${baseline.trainRecordings} training spectrograms, ` +
      `scored on the ${baseline.testRecordings} test ones): ${pct(baseline.testAccuracy)}.`
    : '',
  '',
  header,
  ...rows.map(line),
  '',
];
if (sweepRows.length > 0) {
  lines.push(
    '## VAE-GAN reconstruction weight sweep',
    '',
    header.replace('| model |', '| reconstruction weight |'),
  );
  for (const row of sweepRows) lines.push(line({ ...row, name: String(row.config.reconstructionWeight) }));
  lines.push('');
}
lines.push(`Total wall time: ${((Date.now() - started) / 60000).toFixed(1)} min.`, '');
const markdown = lines.join('\n');
await atomicWriteFile(resolve(outRoot, 'compare.md'), markdown);
console.log(markdown);
judge.dispose();
