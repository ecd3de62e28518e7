#!/usr/bin/env node
/**
 * Scores model folders the way the model card reports them: @ifa/evaluate's `evaluate()` (digit accuracy
 * judged on the test recordings of the standard split, worst digit, Frechet distance, diversity), plus the
 * judge's accuracy per speaker of those test recordings (the standard split's takes 0-4 of every speaker:
 * speakers seen in training, other takes; not held-out speakers) and the size of the weight files.
 *
 *   node scripts/measure.mjs --data-dir /work/shared/datasets [--json out.json] <folder>[=label] ...
 *
 * Needs `npm run build`. The judge comes from its cache (trained there once, about 3 min). Reports are
 * written to a temporary folder, never into the model folders.
 */
import { mkdtemp, readdir, stat, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SpectrogramEncoder } from '@ifa/audio-features';
import { selectBackend } from '@ifa/backends';
import { evaluate, loadOrTrainJudge } from '@ifa/evaluate';
import { loadModel } from '@ifa/models';
import { loadFsdd, splitFsdd } from '@ifa/paired-dataset';
import * as tf from '@tensorflow/tfjs-core';

const args = process.argv.slice(2);
const flag = (name) => {
  const i = args.indexOf(name);
  return i < 0 ? undefined : args.splice(i, 2)[1];
};
const dataDir = flag('--data-dir');
const jsonOut = flag('--json');
if (!dataDir || args.length === 0) {
  console.error('usage: node scripts/measure.mjs --data-dir DIR [--json out.json] <folder>[=label] ...');
  process.exit(1);
}
const say = (m) => console.error(`[measure] ${m}`);

async function weightBytes(dir) {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name === 'trainer') continue;
    for (const file of await readdir(join(dir, entry.name))) {
      if (file.endsWith('.bin')) total += (await stat(join(dir, entry.name, file))).size;
    }
  }
  return total;
}

const selection = await selectBackend({ prefer: 'wasm', purpose: 'inference', log: null });
say(
  `backend ${selection.backend}; load average ${loadavg()
    .map((v) => v.toFixed(2))
    .join(', ')}`,
);
const judge = await loadOrTrainJudge({ dataDir, onMessage: say });
const records = await loadFsdd({ dir: dataDir });
const { test } = splitFsdd(records, 'standard');
const speakers = [...new Set(test.map((r) => r.speaker))].sort();
const outDir = await mkdtemp(join(tmpdir(), 'ifa-measure-'));

const results = [];
for (const arg of args) {
  const [path, label = path] = arg.split('=');
  const folder = resolve(path);
  say(`${label}: evaluate() on ${folder}`);
  const report = await evaluate(folder, {
    dataDir,
    split: 'standard',
    judge,
    outDir: join(outDir, String(results.length)),
    onMessage: say,
  });

  // Per speaker: the same encoder, model and judge, grouped by who spoke.
  const model = await loadModel(folder, { requirePreprocessing: true });
  const encoder = new SpectrogramEncoder(model.preprocessing.encoder);
  const images = test.map((r) => encoder.encode(r.samples, r.sampleRate, { source: r.id }));
  const input = new Float32Array(images.length * 784);
  images.forEach((image, i) => {
    input.set(image.data, i * 784);
  });
  const audio = tf.tensor4d(input, [images.length, 28, 28, 1]);
  const generated = model.generate(audio, { seed: 0 });
  const predicted = await judge.classify(generated);
  tf.dispose([audio, generated]);
  model.dispose();
  const perSpeaker = {};
  for (const speaker of speakers) {
    const indices = test.map((r, i) => (r.speaker === speaker ? i : -1)).filter((i) => i >= 0);
    const right = indices.filter((i) => predicted[i] === test[i].label).length;
    perSpeaker[speaker] = { accuracy: right / indices.length, recordings: indices.length };
  }
  const overall = test.filter((r, i) => predicted[i] === r.label).length / test.length;
  const worst = report.perDigit
    .map((accuracy, digit) => ({ digit, accuracy }))
    .filter((d) => d.accuracy !== null)
    .sort((a, b) => a.accuracy - b.accuracy)[0];
  results.push({
    label,
    folder,
    weightBytes: await weightBytes(folder),
    accuracy: report.accuracy,
    accuracyRecomputed: overall,
    worstDigit: worst,
    perDigit: report.perDigit,
    frechetDistance: report.frechetDistance,
    diversity: report.diversity,
    testRecordings: report.testRecordings,
    judge: report.judge,
    speed: report.speed,
    perSpeaker,
  });
}
judge.dispose();

const pct = (v) => `${(v * 100).toFixed(1)}%`;
console.log(`| model | weights | digit accuracy | worst digit | Frechet distance | diversity within digit |`);
console.log('| --- | ---: | ---: | --- | ---: | ---: |');
for (const r of results) {
  console.log(
    `| ${r.label} | ${(r.weightBytes / 1024).toFixed(1)} KiB | ${pct(r.accuracy)} | ${r.worstDigit.digit}: ` +
      `${pct(r.worstDigit.accuracy)} | ${r.frechetDistance.toFixed(1)} | ${r.diversity.withinDigit.toFixed(2)} |`,
  );
}
console.log(`\n| model | ${speakers.join(' | ')} |`);
console.log(`| --- |${speakers.map(() => ' ---: |').join('')}`);
for (const r of results) {
  console.log(`| ${r.label} | ${speakers.map((s) => pct(r.perSpeaker[s].accuracy)).join(' | ')} |`);
}
if (jsonOut) await writeFile(jsonOut, `${JSON.stringify(results, null, 2)}\n`);
say(
  `load average ${loadavg()
    .map((v) => v.toFixed(2))
    .join(', ')}`,
);
