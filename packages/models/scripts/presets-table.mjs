// Prints the README's preset table (trainable parameters and FLOPs per sample) and the seed-decoder pixel
// coverage, measured on the built package. Run: npm run report -w @ifa/models (builds first).
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import {
  createCgan,
  createCvae,
  createVaegan,
  createWgan,
  IMAGE_64_RGB,
  WGAN_ORIGINAL_MNIST_64,
} from '../dist/index.js';
import { countFlopsPerSample, countTrainableParams } from '../dist/internal/index.js';

await tf.setBackend('cpu');

const factories = { cgan: createCgan, cvae: createCvae, vaegan: createVaegan, wgan: createWgan };
/** Sub-models that run in `generate` (the rest only train). */
const generatePath = (model) =>
  ({
    cgan: ['generator'],
    cvae: model.config.conditioning === 'class' ? ['audioClassifier', 'decoder'] : ['encoder', 'decoder'],
    vaegan: model.config.conditioning === 'class' ? ['audioClassifier', 'decoder'] : ['encoder', 'decoder'],
    wgan: model.config.conditioning === 'class' ? ['audioClassifier', 'generator'] : ['generator'],
  })[model.kind];

const fmt = (n) => n.toLocaleString('en-US');
const mflops = (n) => `${(n / 1e6).toFixed(n < 1e7 ? 2 : 1)} M`;

const rows = [];
const configs = [];
for (const kind of Object.keys(factories)) {
  for (const preset of ['seed', 'small', 'tiny']) configs.push([kind, preset, preset]);
  // `recommended` is `small` for the CGAN; the others' are class-conditioned.
  if (kind !== 'cgan') configs.push([kind, 'recommended', 'recommended']);
  if (kind === 'wgan') configs.push([kind, 'seed + WGAN_ORIGINAL_MNIST_64', { ...WGAN_ORIGINAL_MNIST_64 }]);
}
// 64 x 64 RGB: the CPU-sized presets with the IMAGE_64_RGB overrides (the class CVAE for 5 classes).
for (const kind of Object.keys(factories)) {
  configs.push([kind, 'small + IMAGE_64_RGB', { preset: 'small', ...IMAGE_64_RGB }]);
  if (kind === 'cvae') {
    configs.push([
      kind,
      'recommended + IMAGE_64_RGB, 5 classes',
      { preset: 'recommended', ...IMAGE_64_RGB, classCount: 5 },
    ]);
  }
  if (kind === 'wgan') {
    configs.push([
      kind,
      'small + IMAGE_64_RGB, no audio',
      { preset: 'small', ...IMAGE_64_RGB, conditioning: 'none' },
    ]);
  }
}
for (const [kind, label, config] of configs) {
  const model = factories[kind](config);
  const parts = Object.entries(model.models).map(([name, m]) => `${name} ${fmt(countTrainableParams(m))}`);
  const total = Object.values(model.models).reduce((s, m) => s + countTrainableParams(m), 0);
  const path = generatePath(model);
  const genFlops = path.reduce((s, name) => s + countFlopsPerSample(model.models[name]), 0);
  const otherFlops = Object.entries(model.models)
    .filter(([name]) => !path.includes(name))
    .map(([name, m]) => `${name} ${mflops(countFlopsPerSample(m))}`);
  rows.push(
    `| ${kind} | ${label} | ${fmt(total)} | ${parts.join(', ')} | ${mflops(genFlops)} | ${otherFlops.join(', ')} |`,
  );
  model.dispose();
}
console.log(
  '| model | preset | trainable params | per sub-model | generate FLOPs / sample | other FLOPs / sample |',
);
console.log('|---|---|---:|---|---:|---|');
for (const row of rows) console.log(row);

// Pixel coverage: a pixel is writable if its value differs between random latent vectors.
console.log('\n| decoder | writable pixels | fraction |');
console.log('|---|---:|---:|');
for (const preset of ['seed', 'small', 'tiny']) {
  const model = createCvae(preset);
  const writable = tf.tidy(() => {
    const z = tf.randomNormal([64, model.config.latentSize], 0, 3, 'float32', 1);
    const images = model.decoder.predict(z);
    const spread = tf.sub(tf.max(images, 0), tf.min(images, 0));
    return tf.sum(tf.cast(tf.greater(spread, 0), 'int32')).dataSync()[0];
  });
  console.log(
    `| cvae ${preset} (${model.config.decoder}) | ${writable} / 784 | ${(writable / 784).toFixed(3)} |`,
  );
  model.dispose();
}
