// Times generate() and one training step per model on the tfjs cpu backend (batch 8, tiny/small presets).
// Run: npm run bench -w @ifa/models. Numbers depend on the machine; nothing here is asserted.
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import {
  cganObjectives,
  createCgan,
  createCvae,
  createVaegan,
  createWgan,
  cvaeObjectives,
  trainStep,
  vaeganObjectives,
  wganObjectives,
} from '../dist/index.js';

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
const time = (fn, reps) => {
  fn();
  const start = performance.now();
  for (let i = 0; i < reps; i++) fn();
  return (performance.now() - start) / reps;
};
console.log('| model | preset | generate (batch 8) ms | train step per objective (batch 8) ms |');
console.log('|---|---|---:|---|');
for (const preset of ['tiny', 'small']) {
  for (const [kind, create, objectives] of models) {
    const model = create(preset);
    const gen = time(() => tf.dispose(model.generate(batch.audio, { seed: 1 })), 3);
    const steps = Object.entries(objectives(model)).map(([name, objective]) => {
      const optimizer = tf.train.adam(1e-4);
      const ms = time(() => trainStep(optimizer, objective, batch, { seed: 1 }), 2);
      optimizer.dispose();
      return `${name} ${ms.toFixed(0)}`;
    });
    console.log(`| ${kind} | ${preset} | ${gen.toFixed(0)} | ${steps.join(', ')} |`);
    model.dispose();
  }
}
