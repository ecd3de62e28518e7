import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { backpropInputRoute } from './conv2d-backprop-input.js';
import { isFullyConnectedConv } from './fully-connected-conv.js';
import {
  registerWasmTrainingKernels,
  wasmTrainingKernelNames,
  wasmTrainingKernelsRegistered,
} from './index.js';
import { lcg } from './test-random.js';

type Pad = 'same' | 'valid' | number | [[0, 0], [number, number], [number, number], [0, 0]];

function randomArray(rand: () => number, size: number): Float32Array {
  const a = new Float32Array(size);
  for (let i = 0; i < size; i++) a[i] = rand() * 2 - 1;
  return a;
}

async function onBackend<T>(name: string, fn: () => T): Promise<T> {
  await tf.setBackend(name);
  return fn();
}

/** max |a - b| / max(|b|_inf, 1e-3): a relative error robust to individual near-zero entries. */
function relativeError(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs((a[i] as number) - (b[i] as number)));
    scale = Math.max(scale, Math.abs(b[i] as number));
  }
  return diff / Math.max(scale, 1e-3);
}

interface ConvCase {
  batch: number;
  height: number;
  width: number;
  inChannels: number;
  outChannels: number;
  kh: number;
  kw: number;
  strides: [number, number];
  pad: Pad;
}

function outputSize(c: ConvCase): { outHeight: number; outWidth: number } {
  const xShape: [number, number, number, number] = [c.batch, c.height, c.width, c.inChannels];
  const wShape: [number, number, number, number] = [c.kh, c.kw, c.inChannels, c.outChannels];
  return tf.backend_util.computeConv2DInfo(xShape, wShape, c.strides, 1, c.pad as 'same');
}

/**
 * A random case with at least one output pixel. Some draws have none (with a numeric padding tfjs sizes
 * both axes with the filter height and stride height, so a 3x1 filter on a width-1 input with pad 0 gets
 * width 0); comparing empty tensors would pass whatever the kernels do, so those draws are redrawn.
 */
function randomCase(rand: () => number): ConvCase {
  for (;;) {
    const c = drawCase(rand);
    const { outHeight, outWidth } = outputSize(c);
    if (outHeight > 0 && outWidth > 0) return c;
  }
}

function drawCase(rand: () => number): ConvCase {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const kh = pick([1, 2, 3, 4, 5]);
  const kw = pick([1, 2, 3, 4]);
  const strides: [number, number] = [pick([1, 2, 3]), pick([1, 2, 3])];
  const kind = pick(['same', 'valid', 'number', 'explicit'] as const);
  const pad: Pad =
    kind === 'number'
      ? pick([0, 1, 2])
      : kind === 'explicit'
        ? [
            [0, 0],
            [pick([0, 1, 2]), pick([0, 1, 2])],
            [pick([0, 1, 2]), pick([0, 1])],
            [0, 0],
          ]
        : kind;
  return {
    batch: pick([1, 2, 3]),
    height: kh + pick([0, 1, 2, 4, 5, 7]),
    width: kw + pick([0, 1, 3, 6]),
    inChannels: pick([1, 2, 3, 5]),
    outChannels: pick([1, 2, 4, 7]),
    kh,
    kw,
    strides,
    pad,
  };
}

describe('wasm training kernels match the cpu backend', () => {
  beforeAll(async () => {
    registerWasmTrainingKernels();
    registerWasmTrainingKernels();
    await tf.setBackend('wasm');
    await tf.ready();
    await tf.setBackend('cpu');
  });

  it('registers idempotently', () => {
    expect(wasmTrainingKernelsRegistered()).toBe(true);
    registerWasmTrainingKernels();
    expect(wasmTrainingKernelsRegistered()).toBe(true);
    for (const name of wasmTrainingKernelNames) expect(tf.getKernel(name, 'wasm')).toBeDefined();
  });

  const rand = lcg(20261125);
  const cases: ConvCase[] = [
    ...Array.from({ length: 60 }, () => randomCase(rand)),
    // Convolutions that end in 1 x 1 (the CVAE encoder's last conv, scaled down): dy is far smaller than
    // the filter, so dx takes the GEMM route. One with an unread last row/column, one with padding.
    {
      batch: 3,
      height: 5,
      width: 5,
      inChannels: 6,
      outChannels: 7,
      kh: 4,
      kw: 4,
      strides: [2, 2],
      pad: 'valid',
    },
    {
      batch: 2,
      height: 6,
      width: 5,
      inChannels: 3,
      outChannels: 5,
      kh: 5,
      kw: 4,
      strides: [4, 3],
      pad: [
        [0, 0],
        [1, 0],
        [0, 1],
        [0, 0],
      ],
    },
    // Windows that do not overlap (the VAE-GAN discriminator's 2 x 2 stride-2 convs, scaled down): with an
    // unread last row and column, tiling x exactly, with gaps between windows, and pointwise.
    {
      batch: 3,
      height: 7,
      width: 7,
      inChannels: 5,
      outChannels: 6,
      kh: 2,
      kw: 2,
      strides: [2, 2],
      pad: 'valid',
    },
    {
      batch: 3,
      height: 8,
      width: 9,
      inChannels: 3,
      outChannels: 20,
      kh: 2,
      kw: 3,
      strides: [2, 3],
      pad: 'valid',
    },
    {
      batch: 2,
      height: 8,
      width: 7,
      inChannels: 4,
      outChannels: 3,
      kh: 2,
      kw: 1,
      strides: [3, 2],
      pad: 'valid',
    },
    {
      batch: 2,
      height: 3,
      width: 4,
      inChannels: 6,
      outChannels: 5,
      kh: 1,
      kw: 1,
      strides: [1, 1],
      pad: 'same',
    },
  ];

  it('exercises every dx route', () => {
    const routes = cases.map((c) =>
      backpropInputRoute(
        tf.backend_util.computeConv2DInfo(
          [c.batch, c.height, c.width, c.inChannels],
          [c.kh, c.kw, c.inChannels, c.outChannels],
          c.strides,
          1,
          c.pad as 'same',
        ),
      ),
    );
    expect(routes.filter((r) => r === 'gemm').length).toBeGreaterThanOrEqual(2);
    expect(routes.filter((r) => r === 'patches').length).toBeGreaterThanOrEqual(7);
    expect(routes.filter((r) => r === 'sub-pixel').length).toBeGreaterThanOrEqual(30);
    expect(routes.slice(-6)).toEqual(['gemm', 'gemm', 'patches', 'patches', 'patches', 'patches']);
  });
  // Every case asserts: randomCase draws only cases with an output, and a degenerate one fails here.
  it.each(cases.map((c, i) => [i, c] as const))('case %i: %o', async (_i, c) => {
    const xShape: [number, number, number, number] = [c.batch, c.height, c.width, c.inChannels];
    const wShape: [number, number, number, number] = [c.kh, c.kw, c.inChannels, c.outChannels];
    const info = outputSize(c);
    expect(info.outHeight, 'output height').toBeGreaterThan(0);
    expect(info.outWidth, 'output width').toBeGreaterThan(0);
    const dyShape = [c.batch, info.outHeight, info.outWidth, c.outChannels];
    const caseRand = lcg(_i + 1);
    const xData = randomArray(caseRand, tf.util.sizeFromShape(xShape));
    const wData = randomArray(caseRand, tf.util.sizeFromShape(wShape));
    const dyData = randomArray(caseRand, tf.util.sizeFromShape(dyShape));

    const compute = () =>
      tf.tidy(() => {
        const x = tf.tensor4d(xData, xShape);
        const w = tf.tensor4d(wData, wShape);
        const dy = tf.tensor4d(dyData, dyShape as [number, number, number, number]);
        const attrs = { strides: c.strides, pad: c.pad, dataFormat: 'NHWC' };
        const dw = tf
          .engine()
          .runKernel('Conv2DBackpropFilter', { x, dy }, { ...attrs, filterShape: wShape }) as tf.Tensor;
        const dx = tf
          .engine()
          .runKernel('Conv2DBackpropInput', { dy, filter: w }, { ...attrs, inputShape: xShape }) as tf.Tensor;
        return [dw.dataSync() as Float32Array, dx.dataSync() as Float32Array] as const;
      });
    const [dwCpu, dxCpu] = await onBackend('cpu', compute);
    const [dwWasm, dxWasm] = await onBackend('wasm', compute);
    expect(dwCpu.length).toBe(tf.util.sizeFromShape(wShape));
    expect(dxCpu.length).toBe(tf.util.sizeFromShape(xShape));
    expect(relativeError(dwWasm, dwCpu)).toBeLessThan(1e-4);
    expect(relativeError(dxWasm, dxCpu)).toBeLessThan(1e-4);
  });
});

describe('fully connected convolutions (1 x 1 output) match the cpu backend', () => {
  beforeAll(async () => {
    registerWasmTrainingKernels();
    await tf.setBackend('wasm');
    await tf.ready();
  });

  const cases: Array<{
    name: string;
    x: [number, number, number, number];
    w: [number, number, number, number];
    strides: [number, number];
    pad: 'valid' | 'same';
    fullyConnected: boolean;
  }> = [
    {
      name: 'window smaller than x',
      x: [3, 5, 5, 6],
      w: [4, 4, 6, 7],
      strides: [2, 2],
      pad: 'valid',
      fullyConnected: true,
    },
    {
      name: 'window is all of x',
      x: [2, 3, 4, 5],
      w: [3, 4, 5, 2],
      strides: [1, 1],
      pad: 'valid',
      fullyConnected: true,
    },
    {
      name: "'same' pads before: stock",
      x: [2, 1, 1, 3],
      w: [3, 3, 3, 4],
      strides: [1, 1],
      pad: 'same',
      fullyConnected: false,
    },
    {
      name: '2 x 2 windows at stride 2: stock',
      x: [2, 7, 7, 3],
      w: [2, 2, 3, 4],
      strides: [2, 2],
      pad: 'valid',
      fullyConnected: false,
    },
    {
      name: 'stride larger than the window: stock',
      x: [2, 7, 8, 3],
      w: [2, 2, 3, 4],
      strides: [3, 3],
      pad: 'valid',
      fullyConnected: false,
    },
    {
      name: 'pointwise: stock',
      x: [2, 3, 4, 5],
      w: [1, 1, 5, 3],
      strides: [1, 1],
      pad: 'same',
      fullyConnected: false,
    },
    {
      name: 'overlapping windows: stock',
      x: [2, 7, 7, 3],
      w: [3, 3, 3, 4],
      strides: [2, 2],
      pad: 'valid',
      fullyConnected: false,
    },
    {
      name: 'output 2 x 1: stock',
      x: [2, 5, 4, 3],
      w: [4, 4, 3, 2],
      strides: [1, 1],
      pad: 'valid',
      fullyConnected: false,
    },
  ];
  it.each(cases)('$name', async (c) => {
    const info = tf.backend_util.computeConv2DInfo(c.x, c.w, c.strides, 1, c.pad);
    expect(isFullyConnectedConv(info)).toBe(c.fullyConnected);
    const rand = lcg(7);
    const xData = randomArray(rand, tf.util.sizeFromShape(c.x));
    const wData = randomArray(rand, tf.util.sizeFromShape(c.w));
    const bData = randomArray(rand, c.w[3]);
    const compute = () =>
      tf.tidy(() => {
        const x = tf.tensor4d(xData, c.x);
        const w = tf.tensor4d(wData, c.w);
        const bias = tf.tensor1d(bData);
        const plain = tf.conv2d(x, w, c.strides, c.pad);
        const fused = tf.fused.conv2d({
          x,
          filter: w,
          strides: c.strides,
          pad: c.pad,
          bias,
          activation: 'relu',
        });
        const leaky = tf.fused.conv2d({
          x,
          filter: w,
          strides: c.strides,
          pad: c.pad,
          bias,
          activation: 'leakyrelu',
          leakyreluAlpha: 0.2,
        });
        return [plain, fused, leaky].map((t) => ({ shape: t.shape, data: t.dataSync() as Float32Array }));
      });
    const onCpu = await onBackend('cpu', compute);
    const onWasm = await onBackend('wasm', compute);
    for (let i = 0; i < onCpu.length; i++) {
      expect(onWasm[i]?.shape).toEqual(onCpu[i]?.shape);
      expect(relativeError(onWasm[i]?.data as Float32Array, onCpu[i]?.data as Float32Array)).toBeLessThan(
        1e-5,
      );
    }
  });
});
