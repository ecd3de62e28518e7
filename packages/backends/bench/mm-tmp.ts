import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';

function time(fn: () => tf.Tensor, reps: number): number {
  const t = fn();
  t.dataSync();
  t.dispose();
  const start = performance.now();
  for (let i = 0; i < reps; i++) {
    const r = fn();
    r.dataSync();
    r.dispose();
  }
  return (performance.now() - start) / reps;
}
await tf.setBackend('wasm');
const x = tf.randomNormal([32, 17, 17, 64]);
console.log('transpose x [3,1,2,0]', time(() => tf.transpose(x, [3, 1, 2, 0]), 5).toFixed(2));
const dy = tf.randomNormal([32, 8, 8, 128]);
console.log('transpose dy [1,2,0,3]', time(() => tf.transpose(dy, [1, 2, 0, 3]), 5).toFixed(2));
const g = tf.randomNormal([64, 2, 2, 128]);
console.log('transpose g [1,2,0,3]', time(() => tf.transpose(g, [1, 2, 0, 3]), 5).toFixed(2));
const a1 = tf.randomNormal([32, 28, 28, 1]);
const a2 = tf.randomNormal([32, 28, 28, 100]);
console.log('concat 1+100', time(() => tf.concat([a1, a2], 3), 5).toFixed(2));
console.log('concat 1+1', time(() => tf.concat([a1, a1], 3), 5).toFixed(2));
const p = tf.randomNormal([32, 15, 15, 64]);
console.log(
  'pad 15->17',
  time(
    () =>
      tf.pad(p, [
        [0, 0],
        [1, 1],
        [1, 1],
        [0, 0],
      ]),
    5,
  ).toFixed(2),
);
console.log('slice 17->15', time(() => tf.slice(x, [0, 1, 1, 0], [32, 15, 15, 64]), 5).toFixed(2));
console.log('add same', time(() => tf.add(x, x), 5).toFixed(2));
