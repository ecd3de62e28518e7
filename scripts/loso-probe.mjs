// Probe (not part of the package): how well the models' audio classifier hears a held-out speaker, with
// the spectrograms as they are or normalised per recording (needs the packages built: npm run build). Usage:
//   IFA_DATA_DIR=../shared/datasets node scripts/loso-probe.mjs theo,george plain,band,global [epochs]
import { join } from 'node:path';
import { SpectrogramEncoder } from '@ifa/audio-features';
import { selectBackend } from '@ifa/backends';
import { mulberry32 } from '@ifa/core/internal';
import { createModel } from '@ifa/models';
import { loadFsdd, SpectrogramCache, splitFsdd } from '@ifa/paired-dataset';
import * as tf from '@tensorflow/tfjs-core';

const [speakersArg = 'theo', variantsArg = 'plain,band', epochsArg = '30'] = process.argv.slice(2);
await selectBackend({ prefer: 'wasm', log: () => {} });
const records = await loadFsdd({ dir: join(process.env.IFA_DATA_DIR, 'fsdd') });
const encoder = new SpectrogramEncoder();
const cache = new SpectrogramCache();
const encoded = await cache.encodeAll(records, encoder);
const size = encoded.height * encoded.width;
const byKey = new Map(records.map((r, i) => [r, i]));

/** Per recording: each mel row minus its mean over time, all over the recording's std ('band'); or the whole image standardised ('global'). */
function normalise(data, variant) {
  if (variant === 'plain') return data;
  const out = new Float32Array(data.length);
  const [h, w] = [encoded.height, encoded.width];
  for (let n = 0; n < data.length / size; n++) {
    const img = data.subarray(n * size, (n + 1) * size);
    const o = out.subarray(n * size, (n + 1) * size);
    let mean = 0;
    for (const v of img) mean += v;
    mean /= size;
    for (let r = 0; r < h; r++) {
      let rowMean = 0;
      for (let c = 0; c < w; c++) rowMean += img[r * w + c];
      rowMean /= w;
      for (let c = 0; c < w; c++) o[r * w + c] = img[r * w + c] - (variant === 'band' ? rowMean : mean);
    }
    let sq = 0;
    for (const v of o) sq += v * v;
    const std = Math.sqrt(sq / size) + 1e-3;
    for (let i = 0; i < size; i++) o[i] /= std;
  }
  return out;
}

function gather(subset, variant) {
  const data = new Float32Array(subset.length * size);
  const labels = new Int32Array(subset.length);
  subset.forEach((r, j) => {
    const i = byKey.get(r);
    data.set(encoded.data.subarray(i * size, (i + 1) * size), j * size);
    labels[j] = encoded.labels[i];
  });
  return { data: normalise(data, variant), labels, count: subset.length };
}

const epochs = Number(epochsArg);
for (const speaker of speakersArg.split(',')) {
  const { train, test } = splitFsdd(records, { heldOutSpeakers: [speaker] });
  for (const variant of variantsArg.split(',')) {
    const tr = gather(train, variant);
    const te = gather(test, variant);
    const model = createModel('cvae', 'recommended', { seed: 0 });
    const classifier = model.audioClassifier;
    const optimizer = tf.train.adam(1e-3, 0, 0.9);
    const batch = 64;
    const random = mulberry32(1);
    const t0 = performance.now();
    for (let epoch = 0; epoch < epochs; epoch++) {
      const order = Array.from({ length: tr.count }, (_, i) => i);
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [order[i], order[j]] = [order[j], order[i]];
      }
      for (let b = 0; b + batch <= order.length; b += batch) {
        const idx = order.slice(b, b + batch);
        const x = new Float32Array(batch * size);
        for (const [j, k] of idx.entries()) x.set(tr.data.subarray(k * size, (k + 1) * size), j * size);
        const y = Int32Array.from(idx, (k) => tr.labels[k]);
        tf.tidy(() => {
          const xs = tf.tensor4d(x, [batch, encoded.height, encoded.width, 1]);
          const ys = tf.oneHot(tf.tensor1d(y, 'int32'), 10);
          optimizer.minimize(() =>
            tf.losses.softmaxCrossEntropy(ys, classifier.apply(xs, { training: true })),
          );
        });
      }
    }
    const predicted = tf.tidy(() =>
      tf
        .argMax(classifier.apply(tf.tensor4d(te.data, [te.count, encoded.height, encoded.width, 1])), 1)
        .dataSync(),
    );
    const right = predicted.reduce((s, p, i) => s + (p === te.labels[i] ? 1 : 0), 0);
    console.log(
      `${speaker}\t${variant}\t${((100 * right) / te.count).toFixed(1)}%\t${((performance.now() - t0) / 1000).toFixed(0)} s`,
    );
    model.dispose();
    optimizer.dispose();
  }
}
