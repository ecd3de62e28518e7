import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { backend_util, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { gatherPatches, isPatchGemmConv } from './patch-gemm.js';
import { callWasmKernel, release, view } from './wasm-kernel-calls.js';

type ConvKernelArgs = {
  inputs: Record<string, TensorInfo | undefined>;
  backend: BackendWasm;
  attrs: Record<string, unknown>;
};

/**
 * A convolution whose output is 1 x 1 (a filter as large as what is left of its input, such as the CVAE
 * encoder's 4 x 4 conv from 5 x 5 to 1 x 1) is a fully connected layer: y [B, Co] = patch [B, K] @ W [K, Co]
 * with K = kh * kw * Ci and the patch the top-left kh x kw window of x. XNNPACK's GEMM runs that 3-4x as
 * fast as its convolution, which lays the same work out for a sliding window (44 against 12-15 ms for the
 * CVAE's conv, `bench/run.mjs --micro`).
 *
 * Other convolutions whose windows do not overlap (`patch-gemm.ts`) take the GEMM for their gradients
 * but not here: for the 2 x 2 stride-2 convs of the VAE-GAN the forward GEMM, with its copy of the
 * windows, was faster at a 5 x 5 output and slower at 8 x 8 and 15 x 15 than XNNPACK's convolution.
 */
export function isFullyConnectedConv(info: backend_util.Conv2DInfo): boolean {
  return isPatchGemmConv(info) && info.outHeight === 1 && info.outWidth === 1;
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
    const patches = gatherPatches(backend, x, info);
    try {
      const rows = info.batchSize * info.outHeight * info.outWidth;
      const k = info.filterHeight * info.filterWidth * info.inChannels;
      const out = callWasmKernel(
        backend,
        '_FusedMatMul',
        {
          a: view(patches, [1, rows, k]),
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
      out.shape = [info.batchSize, info.outHeight, info.outWidth, info.outChannels];
      return out;
    } finally {
      if (patches.dataId !== x.dataId) release(backend, patches);
    }
  };
}
