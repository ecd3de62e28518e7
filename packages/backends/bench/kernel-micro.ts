/**
 * Micro-benchmark of the convolution-gradient kernels against the forward XNNPACK conv of equal FLOPs.
 *   node bench/run.mjs --micro
 */
import * as tf from '@tensorflow/tfjs-core';
import { registerWasmTrainingKernels } from '../src/wasm-training/index.js';

const cases: Array<{ name: string; x: number[]; w: number[]; stride: number; pad: 'same' | 'valid' }> = [
  { name: 'dec3 28x28 192->64 k3 s1', x: [32, 28, 28, 192], w: [3, 3, 192, 64], stride: 1, pad: 'same' },
  { name: 'dec1 7x7 768->256 k3 s1', x: [32, 7, 7, 768], w: [3, 3, 768, 256], stride: 1, pad: 'same' },
  { name: 'enc1 28->14 64->128 k3 s2', x: [32, 30, 30, 64], w: [3, 3, 64, 128], stride: 2, pad: 'valid' },
  { name: 'up3 14->28 convT k4 s2', x: [32, 30, 30, 128], w: [4, 4, 128, 128], stride: 2, pad: 'valid' },
  // CVAE seed's last encoder conv: its output is 1x1, so it is a fully connected layer in disguise.
  { name: 'cvae enc4 5->1 256->512 k4 s2', x: [32, 5, 5, 256], w: [4, 4, 256, 512], stride: 2, pad: 'valid' },
  // VAE-GAN seed: 2 x 2 windows at stride 2 do not overlap, so the gradients are one GEMM each (patch-gemm.ts).
  {
    name: 'vaegan enc1 30->15 101->64 k2 s2',
    x: [32, 30, 30, 101],
    w: [2, 2, 101, 64],
    stride: 2,
    pad: 'valid',
  },
  {
    name: 'vaegan disc 17->8 64->128 k2 s2',
    x: [32, 17, 17, 64],
    w: [2, 2, 64, 128],
    stride: 2,
    pad: 'valid',
  },
  {
    name: 'vaegan disc 10->5 128->256 k2 s2',
    x: [32, 10, 10, 128],
    w: [2, 2, 128, 256],
    stride: 2,
    pad: 'valid',
  },
];

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

async function main(): Promise<void> {
  registerWasmTrainingKernels();
  await tf.setBackend('wasm');
  for (const c of cases) {
    const x = tf.randomNormal(c.x) as tf.Tensor4D;
    const w = tf.randomNormal(c.w) as tf.Tensor4D;
    const y = tf.conv2d(x, w, c.stride, c.pad);
    const dy = tf.randomNormal(y.shape) as tf.Tensor4D;
    const attrs = { strides: [c.stride, c.stride], pad: c.pad, dataFormat: 'NHWC' };
    const fwd = time(() => tf.conv2d(x, w, c.stride, c.pad), 3);
    const bin = time(
      () =>
        tf
          .engine()
          .runKernel('Conv2DBackpropInput', { dy, filter: w }, { ...attrs, inputShape: c.x }) as tf.Tensor,
      3,
    );
    const bfil = time(
      () =>
        tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { ...attrs, filterShape: c.w }) as tf.Tensor,
      3,
    );
    console.log(
      `${c.name.padEnd(33)} forward ${fwd.toFixed(1)} ms  backpropInput ${bin.toFixed(1)} ms  backpropFilter ${bfil.toFixed(1)} ms`,
    );
    tf.dispose([x, w, y, dy]);
  }
}

void main();
