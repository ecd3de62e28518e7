// Times the seeded noise of a VAE-GAN training step: one [32, 28, 28, 100] map of standard normal values
// (equal to tf.randomNormal's), drawn by src/random/alea-normal.wat, on the cpu backend (which keeps the
// array it is given; on wasm the values are copied into its heap from the kernel's memory instead).
// Run: npm run build -w @ifa/models && node packages/models/scripts/bench-noise.mjs. Nothing is asserted.
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { standardNormal } from '../dist/internal/index.js';

await tf.setBackend('cpu');
const shape = [32, 28, 28, 100];
const draws = 20;
for (let round = 0; round < 4; round++) {
  const start = performance.now();
  for (let i = 0; i < draws; i++) standardNormal(shape, 100 + i).dispose();
  console.log(`round ${round + 1}: ${((performance.now() - start) / draws).toFixed(1)} ms per map`);
}
