import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { backend_util, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { callWasmKernel, release, view } from './wasm-kernel-calls.js';

/**
 * A convolution whose output is 1 x 1 (a filter as large as what is left of its input, such as the CVAE
 * encoder's 4 x 4 conv from 5 x 5 to 1 x 1) is a fully connected layer: y [B, Co] = patch [B, K] @ W [K, Co]
 * with K = kh * kw * Ci and the patch the top-left kh x kw window of x. XNNPACK's GEMM runs that about
 * twice as fast as its convolution, which lays the same work out for a sliding window.
 */
export function isFullyConnectedConv(info: backend_util.Conv2DInfo): boolean {
  return (
    info.outHeight === 1 &&
    info.outWidth === 1 &&
    info.padInfo.top === 0 &&
    info.padInfo.left === 0 &&
    info.dilationHeight === 1 &&
    info.dilationWidth === 1 &&
    info.filterHeight <= info.inHeight &&
    info.filterWidth <= info.inWidth &&
    info.dataFormat === 'channelsLast'
  );
}

type ConvKernelArgs = {
  inputs: Record<string, TensorInfo | undefined>;
  backend: BackendWasm;
  attrs: Record<string, unknown>;
};

/** The kh x kw top-left window of every image as a row: [1, B, K] (a view when the window is all of x). */
function patches(backend: BackendWasm, x: TensorInfo, info: backend_util.Conv2DInfo): TensorInfo {
  const { batchSize, inHeight, inWidth, inChannels, filterHeight, filterWidth } = info;
  const k = filterHeight * filterWidth * inChannels;
  if (filterHeight === inHeight && filterWidth === inWidth) return view(x, [1, batchSize, k]);
  const out = backend.makeOutput([1, batchSize, k], 'float32');
  const dst = backend.typedArrayFromHeap(out) as Float32Array;
  const src = backend.typedArrayFromHeap(x) as Float32Array;
  const run = filterWidth * inChannels;
  for (let b = 0; b < batchSize; b++) {
    for (let i = 0; i < filterHeight; i++) {
      const from = (b * inHeight + i) * inWidth * inChannels;
      dst.set(src.subarray(from, from + run), (b * filterHeight + i) * run);
    }
  }
  return out;
}

/**
 * Wraps the stock `Conv2D` or `FusedConv2D` kernel: fully connected convolutions go to the GEMM (with the
 * bias and activation fused into it, as the stock conv fuses them), anything else to the stock kernel.
 */
export function makeFullyConnectedConvKernel(stock: KernelFunc): KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args as unknown as ConvKernelArgs;
    const x = inputs.x as TensorInfo;
    const filter = inputs.filter as TensorInfo;
    if (x.dtype !== 'float32' || inputs.preluActivationWeights != null) return stock(args);
    const format = backend_util.convertConv2DDataFormat(attrs.dataFormat as 'NHWC' | 'NCHW');
    const info = backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      filter.shape as [number, number, number, number],
      attrs.strides as [number, number],
      (attrs.dilations ?? 1) as [number, number],
      attrs.pad as 'valid',
      attrs.dimRoundingMode as 'floor' | undefined,
      false,
      format,
    );
    if (!isFullyConnectedConv(info)) return stock(args);
    const a = patches(backend, x, info);
    try {
      const k = info.filterHeight * info.filterWidth * info.inChannels;
      const out = callWasmKernel(
        backend,
        '_FusedMatMul',
        {
          a,
          b: view(filter, [1, k, info.outChannels]),
          ...(inputs.bias ? { bias: view(inputs.bias, [info.outChannels]) } : {}),
        },
        {
          transposeA: false,
          transposeB: false,
          activation: (attrs.activation ?? 'linear') as string,
          leakyreluAlpha: (attrs.leakyreluAlpha ?? 0) as number,
        },
      );
      out.shape = [info.batchSize, 1, 1, info.outChannels];
      return out;
    } finally {
      if (a.dataId !== x.dataId) release(backend, a);
    }
  };
}
