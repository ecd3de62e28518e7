// Times generate() and one training step per objective on the tfjs cpu backend (batch 8), with tfjs'
// stock Conv2DBackpropFilter kernel and with useFastCpuConvolutionGradients(). Prints a markdown table.
// Run: npm run bench -w @ifa/models. Machine-dependent; nothing here is asserted.
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import {
  createCgan,
  createCvae,
  createVaegan,
  createWgan,
  trainStep,
  useFastCpuConvolutionGradients,
} from '../dist/index.js';
import { cganObjectives, cvaeObjectives, vaeganObjectives, wganObjectives } from '../dist/internal/index.js';

await tf.setBackend('cpu');
const models = [
  ['cgan', createCgan, cganObjectives],
  ['cvae', createCvae, cvaeObjectives],
  ['vaegan', createVaegan, vaeganObjectives],
  ['wgan', createWgan, wganObjectives],
];
const batch = {
  audio: tf.randomUniform([8, 28, 28, 1], 0, 1, 'float32', 1),
  image: tf.randomUniform([8, 28, 28, 1], 0, 1, 'float32', 2),
};
/** Mean ms of `reps` calls after one warm-up call. */
const time = (fn, reps) => {
  fn();
  const start = performance.now();
  for (let i = 0; i < reps; i++) fn();
  return (performance.now() - start) / reps;
};
const stepTimes = (model, objectives) =>
  Object.entries(objectives(model))
    .map(([name, objective]) => {
      const optimizer = tf.train.adam(1e-4);
      const ms = time(() => trainStep(optimizer, objective, batch, { seed: 1 }), 1);
      optimizer.dispose();
      return `${name} ${ms.toFixed(0)}`;
    })
    .join(', ');

console.log(
  '| model | preset | generate ms | train step ms, stock cpu kernels | train step ms, useFastCpuConvolutionGradients |',
);
console.log('|---|---|---:|---|---|');
for (const preset of ['tiny', 'small']) {
  for (const [kind, create, objectives] of models) {
    const model = create(preset);
    const gen = time(() => tf.dispose(model.generate(batch.audio, { seed: 1 })), 2);
    // The stock kernel takes minutes per step on the small CGAN/WGAN; only time it on tiny.
    const stock = preset === 'tiny' ? stepTimes(model, objectives) : '(skipped)';
    const restore = useFastCpuConvolutionGradients();
    const fast = stepTimes(model, objectives);
    restore();
    console.log(`| ${kind} | ${preset} | ${gen.toFixed(0)} | ${stock} | ${fast} |`);
    model.dispose();
  }
}
