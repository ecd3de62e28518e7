// Probe (not part of the packages; needs them built: npm run build): what helps the models' audio
// classifier hear a speaker it never heard? For each held-out speaker and variant it trains the classifier
// alone (batch 64, Adam 1e-3, 30 epochs by default) and prints its accuracy on that speaker's 500
// recordings, overall and per digit, and each digit it mostly misreads (as what). Variants, joined by commas:
//   plain      the spectrograms as the models get them
//   band       each recording normalised: each mel band minus its mean over time, over the image's std
//   global     each recording's whole image standardised
//   warpK      waveform speed perturbation: each epoch, each training recording is drawn from copies
//              resampled by 1.2^(k/6) for k in -K..K (pitch and formants move together; the 'stretch' fit
//              removes the tempo change). The 13 copies of every recording are encoded once and cached
//              in node_modules/.cache/ifa-loso-probe (about 5 minutes the first time).
//   snrS       white noise added to each training waveform at S to S+20 dB SNR, drawn every epoch
//   topD       the encoder's dynamic range set to D dB (default 80), for training and test
//   padH       no stretching: fit 'pad' with hop H (128: a 0.45 s window, longer clips cropped to their
//              middle), so the image keeps how long the word lasts
//   spkv-viewsH, spkv-padH (and spk...): speaker normalisation (below) of each view
//   viewsH     two views of the audio: even members read the plain (stretched) spectrograms, odd members
//              padH's; use with -ensN (views128-ens4)
//   adaptK     silence trimmed against each recording's own noise floor, for training and test: frames
//              below floor + K% of (peak - floor) are cut from the ends (floor: the 10th-percentile frame's
//              mel energy; the default trim keeps every frame within 40 dB of the peak, which for most
//              speakers' rooms is the whole clip)
//   ...-deep   the classifier layout audioClassifierLayout 'deep' instead of 'small' (e.g. plain-deep)
//   ...-adabn  (with -deep) at test time each batch norm uses the held-out voice's own statistics (the
//              moments of its activations over all of its recordings) instead of the moving averages from
//              training: per-speaker normalisation carried into every layer (AdaBN, Li et al. 2016)
//   ...-spkbn  as -adabn, and every training batch holds one speaker's recordings, so that training too
//              normalises each layer by one voice's statistics
//   ...-cos    the learning rate falls along half a cosine from 1e-3 to 0 over the epochs (else constant)
//   ...-ensN   N classifiers (seeds 0..N-1, each with its own batch order) whose softmax outputs are
//              averaged; prints each member's accuracy too, which measures the spread between seeds
//   ...-tta    at test time, the softmax averaged over the recording and its speed-warped copies
//              (factors 1.2^(k/6), k = -2..2, from the same cached bank)
// Suffixes combine in this order: plain-deep-spkbn-cos-ens5-tta.
// warpK, snrS and topD combine (snr10-top40). Accuracy moves by a few points between runs of one variant
// (unseeded dropout), so compare means over speakers.
//   IFA_DATA_DIR=../shared/datasets node scripts/loso-probe.mjs george,jackson,lucas,nicolas,theo,yweweler plain,plain-deep 30
// The speaker 'standard' scores the standard split instead (takes 0-4 of every speaker held out, 300
// recordings): what the audio allows the class-conditioned models there.
// A 4th argument sets the spectrogram size, mels x frames (default 28x28): ... plain 30 40x40
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { melSpectrogram, resample, SpectrogramEncoder } from '@ifa/audio-features';
import { selectBackend } from '@ifa/backends';
import { mulberry32 } from '@ifa/core/internal';
import { accuracyOf, confusionMatrix, perClassAccuracy } from '@ifa/evaluate/internal';
import { createModel } from '@ifa/models';
import { loadFsdd, splitFsdd } from '@ifa/paired-dataset';
import * as tf from '@tensorflow/tfjs-core';

const [speakersArg = 'theo', variantsArg = 'plain', epochsArg = '30', sizeArg = '28x28'] =
  process.argv.slice(2);
// PROBE_THREADS=1 lets two probes share the two cores (the default, 'auto', takes both).
await selectBackend({
  prefer: 'wasm',
  threads: process.env.PROBE_THREADS === undefined ? 'auto' : Number(process.env.PROBE_THREADS),
  log: () => {},
});
const records = await loadFsdd({ dir: join(process.env.IFA_DATA_DIR, 'fsdd') });
// The optional 4th argument, MELSxFRAMES, sets the spectrogram size (default 28x28, the models' default).
const [nMels, nFrames] = sizeArg.split('x').map(Number);
const defaultEncoder = new SpectrogramEncoder({ nMels, nFrames });
const [H, W] = [defaultEncoder.config.nMels, defaultEncoder.config.nFrames];
const size = H * W;

function parseVariant(name) {
  let v = name;
  const tta = v.endsWith('-tta');
  if (tta) v = v.slice(0, -'-tta'.length);
  const ens = /-ens(\d+)$/.exec(v);
  const members = ens === null ? 1 : Number(ens[1]);
  if (ens !== null) v = v.slice(0, ens.index);
  const cosine = v.endsWith('-cos');
  if (cosine) v = v.slice(0, -'-cos'.length);
  const adaptBn = v.endsWith('-adabn') ? 'test' : v.endsWith('-spkbn') ? 'train' : null;
  if (adaptBn !== null) v = v.slice(0, -'-adabn'.length);
  const deep = v.endsWith('-deep');
  if (deep) v = v.slice(0, -'-deep'.length);
  if (adaptBn !== null && !deep) throw new Error(`${name}: -adabn and -spkbn need -deep (batch norms)`);
  if (!(members >= 1)) throw new Error(`${name}: -ensN needs N >= 1`);
  if (tta && v !== 'plain') throw new Error(`${name}: -tta reads the warp bank, encoded for 'plain' only`);
  const base = {
    warp: 0,
    snr: null,
    topDb: null,
    norm: null,
    adapt: null,
    speakerNorm: null,
    padHop: null,
    viewsHop: null,
    deep,
    adaptBn,
    cosine,
    members,
    tta,
  };
  if (v === 'plain') return base;
  // spk[v][N][-padH|-viewsH]: speaker normalisation, alone or over the unstretched view(s).
  const spk = /^spk(v?)(\d*)(?:-(pad|views)(\d+))?$/.exec(v);
  if (spk !== null)
    return {
      ...base,
      speakerNorm: { scale: spk[1] === 'v', calibration: spk[2] === '' ? null : Number(spk[2]) },
      padHop: spk[3] === 'pad' ? Number(spk[4]) : null,
      viewsHop: spk[3] === 'views' ? Number(spk[4]) : null,
    };
  if (v === 'band' || v === 'global') return { ...base, norm: v };
  const adapt = /^adapt(\d+)$/.exec(v);
  if (adapt !== null) return { ...base, adapt: Number(adapt[1]) / 100 };
  const pad = /^pad(\d+)$/.exec(v);
  if (pad !== null) return { ...base, padHop: Number(pad[1]) };
  const views = /^views(\d+)$/.exec(v);
  if (views !== null) return { ...base, viewsHop: Number(views[1]) };
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

const adaptiveEncoders = new Map();
/** The default encoder with `trimTopDb` set so that frames below floor + fraction * (peak - floor) are cut. */
function adaptiveEncoder(samples, sampleRate, fraction) {
  const c = defaultEncoder.config;
  const x = sampleRate === c.sampleRate ? samples : resample(samples, sampleRate, c.sampleRate);
  const mel = melSpectrogram(x, c);
  const energy = new Float64Array(mel.nFrames);
  for (let m = 0; m < mel.nMels; m++)
    for (let t = 0; t < mel.nFrames; t++) energy[t] += mel.data[m * mel.nFrames + t];
  const db = Array.from(energy, (e) => 10 * Math.log10(e + 1e-20)).sort((a, b) => a - b);
  const peak = db[db.length - 1];
  const floor = db[Math.floor(0.1 * db.length)];
  // Rounded to 0.5 dB so that encoders can be shared.
  const trimTopDb = Math.max(1, Math.round(2 * Math.min(c.trimTopDb, (1 - fraction) * (peak - floor))) / 2);
  let encoder = adaptiveEncoders.get(trimTopDb);
  if (encoder === undefined) {
    encoder = new SpectrogramEncoder({ ...c, trimTopDb });
    adaptiveEncoders.set(trimTopDb, encoder);
  }
  return encoder;
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
    const chosen = variant.adapt === null ? encoder : adaptiveEncoder(samples, r.sampleRate, variant.adapt);
    const image = chosen.encode(samples, r.sampleRate, { allowSilence: true }).data;
    data.set(variant.norm === null ? image : normalise(image, variant.norm), j * size);
  });
  return { data, labels: Int32Array.from(subset, (r) => r.label), count: subset.length };
}

/** Per mel band, the mean and standard deviation of the given images' cells. */
function bandStats(set, indices) {
  const mean = new Float64Array(H);
  const sq = new Float64Array(H);
  for (const k of indices)
    for (let r = 0; r < H; r++)
      for (let c = 0; c < W; c++) {
        const v = set.data[k * size + r * W + c];
        mean[r] += v;
        sq[r] += v * v;
      }
  const n = indices.length * W;
  const std = new Float64Array(H);
  for (let r = 0; r < H; r++) {
    mean[r] /= n;
    std[r] = Math.sqrt(Math.max(sq[r] / n - mean[r] * mean[r], 0)) + 1e-3;
  }
  return { mean, std };
}

/**
 * spk, spkv, spkN, spkvN: every speaker's recordings normalised by that speaker's own statistics, in place:
 * each mel band minus the speaker's mean of the band (over all of their recordings and frames) plus the
 * training set's mean ('v': the deviation also scaled by the ratio of the training set's std to the
 * speaker's). A room's colour and a vocal tract's average shape are per-speaker offsets of the log-mel
 * bands; one recording's own mean also holds its word, a speaker's mean over many words does not. The
 * held-out speaker's statistics come from their unlabelled recordings: all of them, or N chosen at random
 * (a calibration of N words).
 */
function normaliseBySpeaker(train, trainSet, test, testSet, { scale, calibration }) {
  const all = bandStats(
    trainSet,
    train.map((_, i) => i),
  );
  const bySpeaker = (subset) => {
    const groups = new Map();
    subset.forEach((r, i) => {
      const g = groups.get(r.speaker) ?? [];
      g.push(i);
      groups.set(r.speaker, g);
    });
    return groups;
  };
  const apply = (set, indices, stats) => {
    for (const k of indices)
      for (let r = 0; r < H; r++) {
        const gain = scale ? all.std[r] / stats.std[r] : 1;
        for (let c = 0; c < W; c++) {
          const at = k * size + r * W + c;
          set.data[at] = all.mean[r] + (set.data[at] - stats.mean[r]) * gain;
        }
      }
  };
  for (const indices of bySpeaker(train).values()) apply(trainSet, indices, bandStats(trainSet, indices));
  const random = mulberry32(77);
  for (const indices of bySpeaker(test).values()) {
    let sample = indices;
    if (calibration !== null) {
      sample = [...indices];
      for (let i = sample.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [sample[i], sample[j]] = [sample[j], sample[i]];
      }
      sample = sample.slice(0, calibration);
    }
    apply(testSet, indices, bandStats(testSet, sample));
  }
}

// Declaring a clip's rate as rate * f makes the encoder resample it as if played f times faster: every
// frequency scales by 1 / f. Resampling by such ratios is slow (about 9 ms a clip), hence the bank.
const BANK_STEPS = 6;
const BANK = Array.from({ length: 2 * BANK_STEPS + 1 }, (_, k) => 1.2 ** ((k - BANK_STEPS) / BANK_STEPS));
let bank = null;
function warpBank() {
  if (bank !== null) return bank;
  const dir = join(import.meta.dirname, '..', 'node_modules', '.cache', 'ifa-loso-probe');
  const file = join(dir, `warp-bank-${records.length}${sizeArg === '28x28' ? '' : `-${sizeArg}`}.f32`);
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
/** Each recording's copy warped by a random step in -maxStep..maxStep, or by `fixedStep` when given. */
function warpedSet(subset, maxStep, random, fixedStep) {
  const copies = warpBank();
  const data = new Float32Array(subset.length * size);
  subset.forEach((r, j) => {
    const k = fixedStep ?? Math.floor(random() * (2 * maxStep + 1)) - maxStep;
    const offset = ((k + BANK_STEPS) * records.length + recordIndex.get(r)) * size;
    data.set(copies.subarray(offset, offset + size), j * size);
  });
  return { data, labels: Int32Array.from(subset, (r) => r.label), count: subset.length };
}

/** The default encoder without stretching: a fixed window of nFrames hops of `hop` samples. */
function unstretchedEncoder(hop) {
  return new SpectrogramEncoder({ ...defaultEncoder.config, fit: 'pad', hopLength: hop });
}

const TTA_STEPS = [0, -2, -1, 1, 2];
const epochs = Number(epochsArg);
const batch = 64;
for (const speaker of speakersArg.split(',')) {
  // 'standard': the models' standard split (every speaker's takes 0-4 held out) instead of a voice.
  const { train, test } = splitFsdd(
    records,
    speaker === 'standard' ? 'standard' : { heldOutSpeakers: [speaker] },
  );
  for (const name of variantsArg.split(',')) {
    const variant = parseVariant(name);
    const encoder =
      variant.padHop !== null
        ? unstretchedEncoder(variant.padHop)
        : variant.topDb === null
          ? defaultEncoder
          : new SpectrogramEncoder({ ...defaultEncoder.config, topDb: variant.topDb });
    const testSet = encodeSet(test, { ...variant, snr: null }, encoder, null);
    const fixedTrain =
      variant.warp === 0 && variant.snr === null ? encodeSet(train, variant, encoder, null) : null;
    if (variant.speakerNorm !== null)
      normaliseBySpeaker(train, fixedTrain, test, testSet, variant.speakerNorm);
    // The test sets a member is scored on: the recording itself, then (with -tta) its warped copies.
    const testSets = variant.tta ? TTA_STEPS.map((k) => warpedSet(test, 0, () => 0, k)) : [testSet];
    const t0 = performance.now();
    // Per member, its softmax on the plain recordings and (with -tta) averaged over the warped copies.
    const plainProbs = [];
    const ttaProbs = [];
    // -adabn/-spkbn: each member's reading with the moving averages from training, for comparison.
    const movingAverageProbs = [];
    // viewsH: odd members read the unstretched view.
    const padEncoder = variant.viewsHop === null ? null : unstretchedEncoder(variant.viewsHop);
    const padTrain = padEncoder === null ? null : encodeSet(train, variant, padEncoder, null);
    const padTest = padEncoder === null ? null : [encodeSet(test, variant, padEncoder, null)];
    if (padEncoder !== null && variant.speakerNorm !== null)
      normaliseBySpeaker(train, padTrain, test, padTest[0], variant.speakerNorm);
    for (let member = 0; member < variant.members; member++) {
      const padView = padEncoder !== null && member % 2 === 1;
      const { probs, movingProbs } = padView
        ? trainMember(variant, padEncoder, train, padTrain, padTest, member)
        : trainMember(variant, encoder, train, fixedTrain, testSets, member);
      plainProbs.push(probs[0]);
      if (movingProbs !== null) {
        movingAverageProbs.push(movingProbs);
        console.log(
          `${speaker}\t${name}\tmember ${member}\twith the training batch norms ${accuracy(movingProbs, testSet.labels).toFixed(1)}%`,
        );
      }
      ttaProbs.push(mean(probs));
      if (variant.members > 1 || variant.tta) {
        const plain = accuracy(probs[0], testSet.labels).toFixed(1);
        const withTta = variant.tta ? `, with tta ${accuracy(mean(probs), testSet.labels).toFixed(1)}%` : '';
        console.log(`${speaker}\t${name}\tmember ${member}\t${plain}%${withTta}`);
      }
    }
    const probs = mean(ttaProbs);
    const matrix = confusionMatrix(testSet.labels, argMaxRows(probs));
    const perDigit = perClassAccuracy(matrix).map((a) => (a === null ? '-' : Math.round(100 * a)));
    const withoutTta = variant.tta
      ? ` (without tta ${accuracy(mean(plainProbs), testSet.labels).toFixed(1)}%)`
      : '';
    const withTrainingNorms =
      movingAverageProbs.length === 0
        ? ''
        : ` (with the training batch norms ${accuracy(mean(movingAverageProbs), testSet.labels).toFixed(1)}%)`;
    console.log(
      `${speaker}\t${name}\t${accuracy(probs, testSet.labels).toFixed(1)}%${withoutTta}${withTrainingNorms}\t` +
        `${((performance.now() - t0) / 1000).toFixed(0)} s\tper digit ${perDigit.join(' ')}` +
        `${confusions(matrix)}`,
    );
  }
}

/** ', mostly heard as: 6 -> 8 (70%)...' for each digit read right less than half the time. */
function confusions(matrix) {
  const parts = [];
  matrix.forEach((heard, d) => {
    const count = heard.reduce((x, y) => x + y, 0);
    if (count === 0 || heard[d] >= count / 2) return;
    let top = d === 0 ? 1 : 0;
    for (let k = 0; k < heard.length; k++) if (k !== d && heard[k] > heard[top]) top = k;
    parts.push(`${d} -> ${top} (${Math.round((100 * heard[top]) / count)}%)`);
  });
  return parts.length === 0 ? '' : `; mostly heard as: ${parts.join(', ')}`;
}

function mean(arrays) {
  const out = new Float32Array(arrays[0].length);
  for (const a of arrays) for (let i = 0; i < out.length; i++) out[i] += a[i] / arrays.length;
  return out;
}

function argMaxRows(probs) {
  return Int32Array.from({ length: probs.length / 10 }, (_, i) => {
    let best = 0;
    for (let d = 1; d < 10; d++) if (probs[i * 10 + d] > probs[i * 10 + best]) best = d;
    return best;
  });
}

function accuracy(probs, labels) {
  return 100 * accuracyOf(labels, argMaxRows(probs));
}

/** Trains one classifier (seed `member`) and returns its softmax on each test set. */
function trainMember(variant, encoder, train, fixedTrain, testSets, member) {
  const augmentRandom = mulberry32(2 + 1000 * member);
  const model = createModel(
    'cvae',
    {
      preset: 'recommended',
      inputHeight: H,
      inputWidth: W,
      audioClassifierLayout: variant.deep ? 'deep' : 'small',
    },
    { seed: member },
  );
  const classifier = model.audioClassifier;
  const optimizer = tf.train.adam(1e-3, 0, 0.9);
  const shuffleRandom = mulberry32(1 + 1000 * member);
  for (let epoch = 0; epoch < epochs; epoch++) {
    // -cos: the rate falls from 1e-3 along half a cosine to 0 over the epochs.
    if (variant.cosine) optimizer.learningRate = 1e-3 * 0.5 * (1 + Math.cos((Math.PI * epoch) / epochs));
    const tr =
      fixedTrain ??
      (variant.warp !== 0
        ? warpedSet(train, variant.warp, augmentRandom)
        : encodeSet(train, variant, encoder, augmentRandom));
    const batches =
      variant.adaptBn === 'train'
        ? speakerBatches(train, shuffleRandom)
        : mixedBatches(tr.count, shuffleRandom);
    for (const idx of batches) {
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
        optimizer.minimize(() => tf.losses.softmaxCrossEntropy(ys, classifier.apply(xs, { training: true })));
      });
    }
  }
  const read = (set, ownStatistics) =>
    tf.tidy(() => {
      const x = tf.tensor4d(set.data, [set.count, H, W, 1]);
      return tf
        .softmax(ownStatistics ? applyWithOwnStatistics(classifier, x) : classifier.apply(x))
        .dataSync();
    });
  const probs = testSets.map((set) => read(set, variant.adaptBn !== null));
  const movingProbs = variant.adaptBn === null ? null : read(testSets[0], false);
  model.dispose();
  optimizer.dispose();
  return { probs, movingProbs };
}

function shuffled(array, random) {
  for (let i = array.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [array[i], array[j]] = [array[j], array[i]];
  }
  return array;
}

/** Batches of `batch` indices drawn from all recordings, the last partial batch dropped. */
function mixedBatches(count, random) {
  const order = shuffled(
    Array.from({ length: count }, (_, i) => i),
    random,
  );
  const out = [];
  for (let b = 0; b + batch <= order.length; b += batch) out.push(order.slice(b, b + batch));
  return out;
}

/** Batches of `batch` indices, each from one speaker's recordings, in random order. */
function speakerBatches(subset, random) {
  const groups = new Map();
  for (const [i, r] of subset.entries()) groups.set(r.speaker, [...(groups.get(r.speaker) ?? []), i]);
  const out = [];
  for (const indices of groups.values()) {
    const order = shuffled(indices, random);
    for (let b = 0; b + batch <= order.length; b += batch) out.push(order.slice(b, b + batch));
  }
  return shuffled(out, random);
}

/** The classifier in inference mode, but each batch norm normalising by the moments of this batch (one voice). */
function applyWithOwnStatistics(classifier, input) {
  let x = input;
  for (const layer of classifier.layers) {
    const kind = layer.getClassName();
    if (kind === 'InputLayer') continue;
    if (kind === 'BatchNormalization') {
      const [gamma, beta] = layer.getWeights();
      const { mean, variance } = tf.moments(x, [0, 1, 2]);
      x = tf.batchNorm(x, mean, variance, beta, gamma, layer.epsilon);
    } else x = layer.apply(x, { training: false });
  }
  return x;
}
