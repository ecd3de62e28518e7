#!/usr/bin/env node
/**
 * Writes scripts/fixtures/digit-judge/: @ifa/evaluate's digit judge (the classifier that scores every model
 * in the READMEs) as a plain tfjs layers model (model.json + float16 weights.bin), so the consumer check can
 * read a generated digit without MNIST, without training and without @ifa/evaluate.
 *
 *   IFA_DATA_DIR=/work/shared/datasets node scripts/make-judge-fixture.mjs
 *
 * Needs `npm run build`. The judge is loaded from its cache (trained there first if absent, about 3 min);
 * the fixture is then read back and must give the judge's own label on every one of its held-out digits.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { selectBackend } from '@ifa/backends';
import { loadOrTrainJudge } from '@ifa/evaluate';
import { createDigitClassifier } from '@ifa/models';
import { encodeWeights } from '@ifa/models/internal';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

const { IFA_DATA_DIR: dataDir, XDG_CACHE_HOME: cacheHome } = process.env;
if (!dataDir) {
  console.error('set IFA_DATA_DIR to the data folder with mnist/ (the judge trains on MNIST t10k)');
  process.exit(1);
}
const out = fileURLToPath(new URL('./fixtures/digit-judge/', import.meta.url));
const cacheDir = join(cacheHome ?? join(homedir(), '.cache'), 'ifa', 'judges');

await selectBackend({ prefer: 'wasm', purpose: 'inference', log: null });
const judge = await loadOrTrainJudge({ dataDir, cacheDir, onMessage: (m) => console.error(m) });
const { info } = judge;
const flat = new Float32Array((await readFile(join(cacheDir, info.cacheKey, 'weights.bin'))).buffer.slice(0));
const classifier = createDigitClassifier(info.classifier);
let offset = 0;
classifier.model.setWeights(
  classifier.model.getWeights().map((w) => {
    const t = tf.tensor(flat.subarray(offset, offset + w.size), w.shape);
    offset += w.size;
    return t;
  }),
);
if (offset !== flat.length)
  throw new Error(`cached judge has ${flat.length} weights, the classifier ${offset}`);

let artifacts;
await classifier.model.save(
  tf.io.withSaveHandler(async (a) => {
    artifacts = a;
    return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(a) };
  }),
);
const encoded = encodeWeights(
  artifacts.weightSpecs,
  tf.io.CompositeArrayBuffer.join(artifacts.weightData),
  'float16',
  'judge',
);
await mkdir(out, { recursive: true });
await writeFile(join(out, 'weights.bin'), encoded.data);
await writeFile(
  join(out, 'model.json'),
  `${JSON.stringify(
    {
      format: 'layers-model',
      generatedBy: artifacts.generatedBy,
      convertedBy: 'scripts/make-judge-fixture.mjs',
      judge: {
        cacheKey: info.cacheKey,
        heldOutAccuracy: info.heldOutAccuracy,
        imagePolicy: info.imagePolicy,
      },
      modelTopology: artifacts.modelTopology,
      weightsManifest: [{ paths: ['weights.bin'], weights: encoded.specs }],
    },
    null,
    1,
  )}\n`,
);

// Read it back the way the consumer check does, and compare with the judge on its held-out digits.
const json = JSON.parse(await readFile(join(out, 'model.json'), 'utf8'));
const fixture = await tfl.loadLayersModel(
  tf.io.fromMemory({
    modelTopology: json.modelTopology,
    weightSpecs: json.weightsManifest[0].weights,
    weightData: new Uint8Array(await readFile(join(out, 'weights.bin'))).buffer,
  }),
);
const { heldOut } = judge;
const images = tf.tidy(() => tf.div(tf.tensor4d(heldOut.images, [heldOut.count, 28, 28, 1], 'float32'), 255));
const expected = await judge.classify(images);
const predicted = await tf.argMax(fixture.predict(images), 1).data();
let agree = 0;
let correct = 0;
for (let i = 0; i < heldOut.count; i++) {
  if (predicted[i] === expected[i]) agree++;
  if (predicted[i] === heldOut.labels[i]) correct++;
}
console.log(
  `wrote ${out}: ${(encoded.data.byteLength / 1024).toFixed(0)} KiB of float16 weights; on ${heldOut.count} ` +
    `held-out digits the fixture agrees with the judge on ${agree} and reads ${correct} right ` +
    `(${((100 * correct) / heldOut.count).toFixed(1)}%; the judge: ${(info.heldOutAccuracy * 100).toFixed(1)}%)`,
);
if (agree !== heldOut.count) process.exitCode = 1;
judge.dispose();
