import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { InstanceNormalization, seededInitializers, TwiceDifferentiableLeakyReLU } from '../src/layers';
import { torchConv2d, torchConvTranspose2d } from '../src/layers/torch-style';
import { countFlopsPerSample } from '../src/model-stats';
import { maxAbsDiff } from './helpers';
import { useCpuBackend } from './setup-backend';

beforeAll(useCpuBackend);

/** Deterministic values in [-1, 1] for reproducible comparisons. */
function values(n: number, phase: number): number[] {
  return Array.from({ length: n }, (_, i) => Math.sin(i * 1.7 + phase));
}

/**
 * Naive PyTorch Conv2d / ConvTranspose2d (NHWC, one sample), written from the PyTorch docs:
 * conv:  out[y][x][o] = sum in[y*s + ky - p][x*s + kx - p][c] * w[ky][kx][c][o]
 * convT: out[y*s + ky - p][x*s + kx - p][o] += in[y][x][c] * w[ky][kx][o][c]  (tfjs kernel layout)
 */
function naiveConv(inp: number[][][], w: number[][][][], s: number, p: number): number[][][] {
  const [h, wd, k] = [inp.length, inp[0]!.length, w.length];
  const oc = w[0]![0]![0]!.length;
  const oh = Math.floor((h + 2 * p - k) / s) + 1;
  const ow = Math.floor((wd + 2 * p - k) / s) + 1;
  const out = Array.from({ length: oh }, () =>
    Array.from({ length: ow }, () => new Array<number>(oc).fill(0)),
  );
  for (let y = 0; y < oh; y++)
    for (let x = 0; x < ow; x++)
      for (let ky = 0; ky < k; ky++)
        for (let kx = 0; kx < k; kx++) {
          const iy = y * s + ky - p;
          const ix = x * s + kx - p;
          if (iy < 0 || ix < 0 || iy >= h || ix >= wd) continue;
          inp[iy]![ix]!.forEach((v, c) => {
            for (let o = 0; o < oc; o++) out[y]![x]![o]! += v * w[ky]![kx]![c]![o]!;
          });
        }
  return out;
}

function naiveConvT(inp: number[][][], w: number[][][][], s: number, p: number): number[][][] {
  const [h, wd, k] = [inp.length, inp[0]!.length, w.length];
  const oc = w[0]![0]!.length;
  const oh = (h - 1) * s + k - 2 * p;
  const ow = (wd - 1) * s + k - 2 * p;
  const out = Array.from({ length: oh }, () =>
    Array.from({ length: ow }, () => new Array<number>(oc).fill(0)),
  );
  for (let y = 0; y < h; y++)
    for (let x = 0; x < wd; x++)
      for (let ky = 0; ky < k; ky++)
        for (let kx = 0; kx < k; kx++) {
          const oy = y * s + ky - p;
          const ox = x * s + kx - p;
          if (oy < 0 || ox < 0 || oy >= oh || ox >= ow) continue;
          inp[y]![x]!.forEach((v, c) => {
            for (let o = 0; o < oc; o++) out[oy]![ox]![o]! += v * w[ky]![kx]![o]![c]!;
          });
        }
  return out;
}

function runSingleLayer(
  build: (x: tfl.SymbolicTensor) => tfl.SymbolicTensor,
  size: number,
  inC: number,
  input: tf.Tensor4D,
  kernel: tf.Tensor4D,
): tf.Tensor {
  const x = tfl.input({ shape: [size, size, inC] });
  const model = tfl.model({ inputs: x, outputs: build(x) });
  model.setWeights([kernel]);
  const out = model.predict(input) as tf.Tensor;
  model.dispose();
  return out;
}

describe('PyTorch-equivalent conv layers', () => {
  it.each([
    // [input size, kernel, stride, padding]: the shapes the models use
    [28, 2, 2, 1], // 28 -> 15
    [9, 3, 1, 1], // stride 1: uses 'same'
    [6, 3, 1, 0], // stride 1, no padding
    [28, 3, 2, 1], // 28 -> 14 (tfjs 'same' would pad bottom/right only here)
    [7, 3, 2, 1], // 7 -> 4
    [5, 4, 2, 0], // 5 -> 1
  ])('Conv2d on %i, k%i s%i p%i matches a naive PyTorch conv', (size, k, s, p) => {
    const inC = 2;
    const outC = 3;
    const input = tf.tensor4d(values(size * size * inC, 0.3), [1, size, size, inC]);
    const kernel = tf.tensor4d(values(k * k * inC * outC, 1.1), [k, k, inC, outC]);
    const got = runSingleLayer(
      (x) =>
        torchConv2d(
          x,
          { filters: outC, kernel: k, stride: s, padding: p, useBias: false, name: 'c' },
          seededInitializers(),
        ),
      size,
      inC,
      input,
      kernel,
    );
    const want = tf.tensor4d([naiveConv(input.arraySync()[0]!, kernel.arraySync(), s, p)]);
    expect(got.shape).toEqual(want.shape);
    expect(maxAbsDiff(got, want)).toBeLessThan(1e-4);
    tf.dispose([input, kernel, got, want]);
  });

  it.each([
    [4, 3, 2, 1, 7], // CGAN up1: 4 -> 7
    [7, 4, 2, 1, 14],
    [14, 4, 2, 1, 28],
    [1, 4, 2, 0, 4], // VAE decoder: 1 -> 4
    [4, 2, 2, 1, 6],
    [6, 2, 2, 1, 10],
    [10, 1, 3, 0, 28], // the seed decoder's stride-3 1x1 layer (kernel < stride)
    [1, 7, 1, 0, 7],
  ])(
    'ConvTranspose2d on %i, k%i s%i p%i gives %i and matches a naive PyTorch one',
    (size, k, s, p, outSize) => {
      const inC = 2;
      const outC = 3;
      const input = tf.tensor4d(values(size * size * inC, 0.7), [1, size, size, inC]);
      const kernel = tf.tensor4d(values(k * k * outC * inC, 2.3), [k, k, outC, inC]);
      const got = runSingleLayer(
        (x) =>
          torchConvTranspose2d(
            x,
            {
              filters: outC,
              kernel: k,
              stride: s,
              padding: p,
              useBias: false,
              name: 't',
            },
            seededInitializers(),
          ),
        size,
        inC,
        input,
        kernel,
      );
      const want = tf.tensor4d([naiveConvT(input.arraySync()[0]!, kernel.arraySync(), s, p)]);
      expect(got.shape).toEqual([1, outSize, outSize, outC]);
      expect(maxAbsDiff(got, want)).toBeLessThan(1e-4);
      tf.dispose([input, kernel, got, want]);
    },
  );
});

describe('custom layers', () => {
  it('InstanceNormalization normalises each sample and channel over H, W (like InstanceNorm2d)', () => {
    const x = tf.tensor4d(
      values(2 * 3 * 3 * 2, 0.1).map((v, i) => v * (1 + (i % 5)) + i * 0.01),
      [2, 3, 3, 2],
    );
    const layer = new InstanceNormalization();
    const y = layer.apply(x) as tf.Tensor4D;
    const data = x.arraySync();
    const out = y.arraySync();
    for (let n = 0; n < 2; n++)
      for (let c = 0; c < 2; c++) {
        const xs = data[n]!.flat().map((px) => px[c]!);
        const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
        const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length;
        const ys = out[n]!.flat().map((px) => px[c]!);
        ys.forEach((v, i) => {
          expect(v).toBeCloseTo((xs[i]! - mean) / Math.sqrt(variance + 1e-5), 4);
        });
      }
    tf.dispose([x, y]);
    layer.dispose();
  });

  it('TwiceDifferentiableLeakyReLU equals tf.leakyRelu and has a second derivative', () => {
    const x = tf.tensor1d([-2, -0.5, 0.25, 3]);
    const layer = new TwiceDifferentiableLeakyReLU({ alpha: 0.2 });
    const y = layer.apply(x) as tf.Tensor;
    const want = tf.leakyRelu(x, 0.2);
    expect(maxAbsDiff(y, want)).toBeLessThan(1e-6);
    // d/dx of (d/dx sum(f(x) * x)) = 2 f'(x) away from 0, and needs the gradient of the gradient.
    const second = tf.grad((t: tf.Tensor) =>
      tf.sum(tf.grad((u: tf.Tensor) => tf.sum(tf.mul(layer.apply(u) as tf.Tensor, u)))(t)),
    )(x);
    expect(Array.from(second.dataSync())).toEqual([0.4, 0.4, 2, 2].map((v) => expect.closeTo(v, 5)));
    tf.dispose([x, y, want, second]);
  });
});

describe('countFlopsPerSample', () => {
  it('counts 2 x MACs of convs, transposed convs and dense layers', () => {
    const x = tfl.input({ shape: [8, 8, 3] });
    let y = tfl.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same' }).apply(x) as tfl.SymbolicTensor;
    y = tfl.layers.conv2dTranspose({ filters: 2, kernelSize: 2, strides: 2 }).apply(y) as tfl.SymbolicTensor;
    y = tfl.layers.flatten().apply(y) as tfl.SymbolicTensor;
    y = tfl.layers.dense({ units: 5 }).apply(y) as tfl.SymbolicTensor;
    const model = tfl.model({ inputs: x, outputs: y });
    // conv: 8*8 outputs * 3*3*3 * 4 = 6912 MACs; convT: 8*8 inputs * 2*2*2 * 4 = 2048 MACs;
    // dense: 16*16*2 = 512 inputs * 5 = 2560 MACs. FLOPs = 2 * 11520 = 23040.
    expect(countFlopsPerSample(model)).toBe(23_040);
    model.dispose();
  });
});
