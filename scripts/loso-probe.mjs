// Probe (not part of the packages; needs them built: npm run build): what helps the models' audio
// classifier hear a speaker it never heard? For each held-out speaker and variant it trains the classifier
// alone (batch 64, Adam 1e-3, 30 epochs by default) and prints its accuracy on that speaker's 500
// recordings, overall and per digit. Variants, joined by commas:
//   plain      the spectrograms as the models get them
//   band       each recording normalised: each mel band minus its mean over time, over the image's std
//   global     each recording's whole image standardised
//   warpK      waveform speed perturbation: each epoch, each training recording is drawn from copies
//              resampled by 1.2^(k/6) for k in -K..K (pitch and formants move together; the 'stretch' fit
//              removes the tempo change). The 13 copies of every recording are encoded once and cached
//              in node_modules/.cache/ifa-loso-probe (about 5 minutes the first time).
//   snrS       white noise added to each training waveform at S to S+20 dB SNR, drawn every epoch
//   topD       the encoder's dynamic range set to D dB (default 80), for training and test
//   ...-deep   the classifier layout audioClassifierLayout 'deep' instead of 'small' (e.g. plain-deep)
// warpK, snrS and topD combine (snr10-top40). Accuracy moves by a few points between runs of one variant
// (unseeded dropout), so compare means over speakers.
//   IFA_DATA_DIR=../shared/datasets node scripts/loso-probe.mjs george,jackson,lucas,nicolas,theo,yweweler plain,plain-deep 30
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SpectrogramEncoder } from '@ifa/audio-features';
import { selectBackend } from '@ifa/backends';
import { mulberry32 } from '@ifa/core/internal';
import { createModel } from '@ifa/models';
import { loadFsdd, splitFsdd } from '@ifa/paired-dataset';
import * as tf from '@tensorflow/tfjs-core';

const [speakersArg = 'theo', variantsArg = 'plain', epochsArg = '30'] = process.argv.slice(2);
await selectBackend({ prefer: 'wasm', log: () => {} });
const records = await loadFsdd({ dir: join(process.env.IFA_DATA_DIR, 'fsdd') });
const defaultEncoder = new SpectrogramEncoder();
const [H, W] = [defaultEncoder.config.nMels, defaultEncoder.config.nFrames];
const size = H * W;

function parseVariant(name) {
  const deep = name.endsWith('-deep');
  const v = deep ? name.slice(0, -'-deep'.length) : name;
  const base = { warp: 0, snr: null, topDb: null, norm: null, deep };
  if (v === 'plain') return base;
  if (v === 'band' || v === 'global') return { ...base, norm: v };
  const m = /^(?:warp(\d+))?-?(?:snr(\d+))?-?(?:top(\d+))?$/.exec(v);
  if (!m || v === '') throw new Error(`unknown variant ${name}`);
  const warp = m[1] === undefined ? 0 : Number(m[1]);
  if (warp > BANK_STEPS) throw new Error(`${name}: warp steps go up to ${BANK_STEPS}`);
  if (warp !== 0 && m[3] !== undefined)
    throw new Error(`${name}: the warp bank is encoded at the default topDb`);
  return {
    ...base,
    warp,
    snr: m[2] === undefined ? null : Number(m[2]),
    topDb: m[3] === undefined ? null : Number(m[3]),
  };
}

/** Each mel band minus its mean over time ('band') or the image minus its mean ('global'), over the image's std. */
function normalise(image, norm) {
  const out = new Float32Array(size);
  let mean = 0;
  for (const v of image) mean += v;
  mean /= size;
  for (let r = 0; r < H; r++) {
    let rowMean = 0;
    for (let c = 0; c < W; c++) rowMean += image[r * W + c];
    rowMean /= W;
    for (let c = 0; c < W; c++) out[r * W + c] = image[r * W + c] - (norm === 'band' ? rowMean : mean);
  }
  let sq = 0;
  for (const v of out) sq += v * v;
  const std = Math.sqrt(sq / size) + 1e-3;
  for (let i = 0; i < size; i++) out[i] /= std;
  return out;
}

/** White noise at snr to snr + 20 dB below the recording's mean power. */
function withNoise(samples, snr, random) {
  let power = 0;
  for (const s of samples) power += s * s;
  power /= samples.length;
  const sigma = Math.sqrt(power / 10 ** ((snr + 20 * random()) / 10));
  return Float32Array.from(samples, (s) => {
    const gauss = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    return s + sigma * gauss;
  });
}

/** Spectrograms of `subset` with the variant's encoder, noise and normalisation (no warp). */
function encodeSet(subset, variant, encoder, random) {
  const data = new Float32Array(subset.length * size);
  subset.forEach((r, j) => {
    const samples = variant.snr === null ? r.samples : withNoise(r.samples, variant.snr, random);
    const image = encoder.encode(samples, r.sampleRate, { allowSilence: true }).data;
    data.set(variant.norm === null ? image : normalise(image, variant.norm), j * size);
  });
  return { data, labels: Int32Array.from(subset, (r) => r.label), count: subset.length };
}

// Declaring a clip's rate as rate * f makes the encoder resample it as if played f times faster: every
// frequency scales by 1 / f. Resampling by such ratios is slow (about 9 ms a clip), hence the bank.
const BANK_STEPS = 6;
const BANK = Array.from({ length: 2 * BANK_STEPS + 1 }, (_, k) => 1.2 ** ((k - BANK_STEPS) / BANK_STEPS));
let bank = null;
function warpBank() {
  if (bank !== null) return bank;
  const dir = join(import.meta.dirname, '..', 'node_modules', '.cache', 'ifa-loso-probe');
  const file = join(dir, `warp-bank-${records.length}.f32`);
  if (existsSync(file)) bank = new Float32Array(readFileSync(file).buffer.slice(0));
  else {
    bank = new Float32Array(BANK.length * records.length * size);
    for (const [b, f] of BANK.entries()) {
      for (const [i, r] of records.entries()) {
        const image = defaultEncoder.encode(r.samples, r.sampleRate * f, { allowSilence: true }).data;
        bank.set(image, (b * records.length + i) * size);
      }
    }
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, bank);
  }
  return bank;
}
const recordIndex = new Map(records.map((r, i) => [r, i]));
function warpedSet(subset, maxStep, random) {
  const copies = warpBank();
  const data = new Float32Array(subset.length * size);
  subset.forEach((r, j) => {
    const k = Math.floor(random() * (2 * maxStep + 1)) - maxStep;
    const offset = ((k + BANK_STEPS) * records.length + recordIndex.get(r)) * size;
    data.set(copies.subarray(offset, offset + size), j * size);
  });
  return { data, labels: Int32Array.from(subset, (r) => r.label), count: subset.length };
}

const epochs = Number(epochsArg);
const batch = 64;
for (const speaker of speakersArg.split(',')) {
  const { train, test } = splitFsdd(records, { heldOutSpeakers: [speaker] });
  for (const name of variantsArg.split(',')) {
    const variant = parseVariant(name);
    const encoder =
      variant.topDb === null
        ? defaultEncoder
        : new SpectrogramEncoder({ ...defaultEncoder.config, topDb: variant.topDb });
    const testSet = encodeSet(test, { ...variant, snr: null }, encoder, null);
    const augmentRandom = mulberry32(2);
    const fixedTrain =
      variant.warp === 0 && variant.snr === null ? encodeSet(train, variant, encoder, null) : null;
    const model = createModel(
      'cvae',
      { preset: 'recommended', audioClassifierLayout: variant.deep ? 'deep' : 'small' },
      { seed: 0 },
    );
    const classifier = model.audioClassifier;
    const optimizer = tf.train.adam(1e-3, 0, 0.9);
    const shuffleRandom = mulberry32(1);
    const t0 = performance.now();
    for (let epoch = 0; epoch < epochs; epoch++) {
      const tr =
        fixedTrain ??
        (variant.warp !== 0
          ? warpedSet(train, variant.warp, augmentRandom)
          : encodeSet(train, variant, encoder, augmentRandom));
      const order = Array.from({ length: tr.count }, (_, i) => i);
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(shuffleRandom() * (i + 1));
        [order[i], order[j]] = [order[j], order[i]];
      }
      for (let b = 0; b + batch <= order.length; b += batch) {
        const idx = order.slice(b, b + batch);
        const x = new Float32Array(batch * size);
        for (const [j, k] of idx.entries()) x.set(tr.data.subarray(k * size, (k + 1) * size), j * size);
        tf.tidy(() => {
          const xs = tf.tensor4d(x, [batch, H, W, 1]);
          const ys = tf.oneHot(
            tf.tensor1d(
              Int32Array.from(idx, (k) => tr.labels[k]),
              'int32',
            ),
            10,
          );
          optimizer.minimize(() =>
            tf.losses.softmaxCrossEntropy(ys, classifier.apply(xs, { training: true })),
          );
        });
      }
    }
    const predicted = tf.tidy(() =>
      tf.argMax(classifier.apply(tf.tensor4d(testSet.data, [testSet.count, H, W, 1])), 1).dataSync(),
    );
    const perDigit = Array.from({ length: 10 }, (_, d) => {
      const idx = [...testSet.labels.keys()].filter((i) => testSet.labels[i] === d);
      return idx.length === 0
        ? '-'
        : Math.round((100 * idx.filter((i) => predicted[i] === d).length) / idx.length);
    });
    const right = predicted.filter((p, i) => p === testSet.labels[i]).length;
    console.log(
      `${speaker}\t${name}\t${((100 * right) / testSet.count).toFixed(1)}%\t` +
        `${((performance.now() - t0) / 1000).toFixed(0)} s\tper digit ${perDigit.join(' ')}`,
    );
    model.dispose();
    optimizer.dispose();
  }
}
