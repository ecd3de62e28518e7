#!/usr/bin/env node
/**
 * Runs every script in examples/ the way its README row says, on the real sample shipped in
 * @ifa/paired-dataset (IFA_DATA_DIR is ignored), with the training examples cut to one epoch of one batch
 * (MAX_BATCHES=1). Then feeds a file that is not a WAV to the examples that read one: each must exit 1
 * with a single `error: ...` line, not a stack trace. Fails (exit 1) when any step does; prints each step's
 * time. Needs `npm run build` first. Used by CI (.ci/run) and `npm run check:examples`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = mkdtempSync(join(tmpdir(), 'ifa-examples-'));
const wav = 'packages/paired-dataset/sample/fsdd/recordings/7_jackson_2.wav';
const checkpoint = 'examples/train-cgan/runs/cgan/checkpoints/latest';
const notAWav = join(out, 'not-a-wav.wav');
writeFileSync(notAWav, 'this is not a WAV file');

// Fresh runs: a training example refuses a folder that already holds a run it was not asked to resume.
for (const model of ['cgan', 'cvae', 'vaegan', 'wgan']) {
  rmSync(join(root, 'examples', `train-${model}`, 'runs'), { recursive: true, force: true });
}

const env = { ...process.env, MAX_BATCHES: '1' };
delete env.IFA_DATA_DIR;

/** [name, args, extra env, check of the outcome (returns a problem or null)] */
const ok = (files) => (r) =>
  r.status !== 0
    ? `exit ${r.status}`
    : (files
        .map((f) => (existsSync(f) && statSync(f).size > 0 ? null : `did not write ${f}`))
        .find(Boolean) ?? null);
const oneLineError = (r) => {
  if (r.status !== 1) return `exit ${r.status} (expected 1)`;
  const errors = r.stderr.split('\n').filter((line) => line.startsWith('error: '));
  if (errors.length !== 1) return 'expected one `error: ...` line on stderr';
  if (/^\s+at |^Node\.js v/m.test(r.stderr)) return 'stderr holds a stack trace';
  return null;
};

const steps = [
  ['train-cgan', ['examples/train-cgan/train.mjs', '1'], {}, ok([join(root, checkpoint, 'ifa-model.json')])],
  ['train-cvae', ['examples/train-cvae/train.mjs', '1'], {}, ok([])],
  ['train-vaegan', ['examples/train-vaegan/train.mjs', '1'], { RECONSTRUCTION_WEIGHT: '0.1' }, ok([])],
  ['train-wgan', ['examples/train-wgan/train.mjs', '1'], {}, ok([])],
  [
    'soundscapes (make a pairs folder, train at 64x64 RGB, paint)',
    ['examples/soundscapes/soundscapes.mjs', '1', join(out, 'beach.png')],
    {},
    ok([join(out, 'beach.png')]),
  ],
  [
    'generate-from-wav',
    ['examples/generate-from-wav/generate.mjs', checkpoint, wav, join(out, 'seven.png')],
    {},
    ok([join(out, 'seven.png')]),
  ],
  [
    'generate-from-wav, pretrained digits',
    ['examples/generate-from-wav/generate.mjs', 'digits', wav, join(out, 'seven-pretrained.png')],
    {},
    ok([join(out, 'seven-pretrained.png')]),
  ],
  [
    'encode-spectrogram',
    ['examples/encode-spectrogram/encode.mjs', wav, join(out, 'spectrogram.png')],
    {},
    ok([join(out, 'spectrogram.png')]),
  ],
  ['plain-tfjs', ['examples/plain-tfjs/load.mjs', checkpoint, wav], {}, ok([])],
  [
    'generate-from-wav, not a WAV',
    ['examples/generate-from-wav/generate.mjs', checkpoint, notAWav, join(out, 'x.png')],
    {},
    oneLineError,
  ],
  [
    'encode-spectrogram, not a WAV',
    ['examples/encode-spectrogram/encode.mjs', notAWav, join(out, 'x.png')],
    {},
    oneLineError,
  ],
  ['plain-tfjs, not a WAV', ['examples/plain-tfjs/load.mjs', checkpoint, notAWav], {}, oneLineError],
];

const started = performance.now();
const failures = [];
for (const [name, args, extraEnv, check] of steps) {
  const t0 = performance.now();
  const result = spawnSync(process.execPath, args, {
    cwd: root,
    env: { ...env, ...extraEnv },
    encoding: 'utf8',
    timeout: 180_000,
  });
  const problem = result.error ? String(result.error) : check(result);
  const seconds = ((performance.now() - t0) / 1000).toFixed(1);
  console.log(`${problem ? 'FAIL' : 'ok  '} ${name} (${seconds} s)`);
  if (problem) {
    failures.push(name);
    const output = `${result.stdout}${result.stderr}`.split('\n').slice(-40).join('\n');
    console.log(`  ${problem}\n  $ node ${args.join(' ')}\n${output}`);
  }
}
rmSync(out, { recursive: true, force: true });
const total = ((performance.now() - started) / 1000).toFixed(1);
console.log(`examples: ${steps.length - failures.length} ok, ${failures.length} failed, ${total} s`);
process.exit(failures.length === 0 ? 0 : 1);
