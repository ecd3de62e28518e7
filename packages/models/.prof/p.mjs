import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { cganObjectives, createCgan, useFastCpuConvolutionGradients } from '../dist/index.js';

await tf.setBackend('cpu');
useFastCpuConvolutionGradients();
const m = createCgan('tiny');
const o = cganObjectives(m);
const batch = { audio: tf.randomUniform([8, 28, 28, 1]), image: tf.randomUniform([8, 28, 28, 1]) };
tf.dispose(tf.variableGrads(() => o.generator.loss(batch, {}), o.generator.variables).grads);
const times = {};
const rows = [];
const info = await tf.profile(() => {
  const r = tf.variableGrads(() => o.generator.loss(batch, {}), o.generator.variables);
  tf.dispose(r.grads);
  r.value.dispose();
});
for (const k of info.kernels) {
  const t = await k.kernelTimeMs;
  times[k.name] = (times[k.name] ?? 0) + t;
  rows.push([t, k.name, JSON.stringify(k.inputShapes)]);
}
console.log(
  Object.entries(times)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8),
);
rows.sort((a, b) => b[0] - a[0]);
console.log(rows.slice(0, 10));
