import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import {
  backend_util,
  type Conv2DBackpropInputAttrs,
  type Conv2DBackpropInputInputs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { heapCopies } from './heap-kernels.js';
import { isPatchGemmConv, scatterPatches } from './patch-gemm.js';
import { conv2d, matMul, release, slice, transpose2d, view, zeros } from './wasm-kernel-calls.js';
import { WasmTrainingError } from './wasm-training-error.js';

/**
 * One stride phase along one axis. Output rows h = phase + stride*m (m = 0..count-1) only ever meet the
 * filter taps k = tapOffset + stride*j, so each phase is an ordinary stride-1 convolution of dy with
 * those taps (flipped), and no multiplications by inserted zeros happen.
 */
interface AxisPhase {
  tapOffset: number;
  taps: number;
  padBefore: number;
  padAfter: number;
}

function axisPhase(
  phase: number,
  stride: number,
  pad: number,
  kernel: number,
  dyLength: number,
  count: number,
): AxisPhase {
  const tapOffset = (phase + pad) % stride;
  const firstRow = Math.floor((phase + pad) / stride);
  const taps = tapOffset < kernel ? Math.ceil((kernel - tapOffset) / stride) : 0;
  const padBefore = taps - 1 - firstRow;
  const padAfter = count + firstRow - dyLength;
  return { tapOffset, taps, padBefore, padAfter };
}

/** Filter [kh, kw, Ci, Co] -> the phase's flipped taps as a forward filter [th, tw, Co, Ci]. */
function phaseFilter(
  backend: BackendWasm,
  filter: TensorInfo,
  rows: AxisPhase,
  cols: AxisPhase,
  strideHeight: number,
  strideWidth: number,
): TensorInfo {
  const [, kw, ci, co] = filter.shape as [number, number, number, number];
  const out = backend.makeOutput([rows.taps, cols.taps, co, ci], 'float32');
  const copies = heapCopies(backend);
  // Each tap's [Ci, Co] block, transposed.
  for (let th = 0, tap = 0; th < rows.taps; th++) {
    const kRow = rows.tapOffset + strideHeight * (rows.taps - 1 - th);
    for (let tw = 0; tw < cols.taps; tw++, tap++) {
      const kCol = cols.tapOffset + strideWidth * (cols.taps - 1 - tw);
      copies.transpose(out, tap * ci * co, ci, filter, (kRow * kw + kCol) * ci * co, co, ci, co);
    }
  }
  return out;
}

/**
 * dx of a stride-s convolution, as s_h * s_w stride-1 XNNPACK convolutions (sub-pixel decomposition)
 * whose outputs are interleaved with one transpose. This is also the forward pass of conv2dTranspose.
 */
export function conv2dBackpropInputWasm(args: {
  inputs: Conv2DBackpropInputInputs;
  backend: BackendWasm;
  attrs: Conv2DBackpropInputAttrs;
}): TensorInfo {
  const { inputs, backend, attrs } = args;
  const dy = inputs.dy as TensorInfo;
  const filter = inputs.filter as TensorInfo;
  const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs;
  const format = backend_util.convertConv2DDataFormat(dataFormat);
  if (format !== 'channelsLast') {
    throw new WasmTrainingError(
      `Conv2DBackpropInput on wasm supports dataFormat 'NHWC' only, got '${dataFormat}'. Use channels-last tensors.`,
    );
  }
  const info = backend_util.computeConv2DInfo(
    inputShape,
    filter.shape as [number, number, number, number],
    strides,
    1,
    pad,
    dimRoundingMode,
    false,
    format,
  );
  const route = backpropInputRoute(info);
  if (route === 'patches') return patchGemmBackpropInput(backend, dy, filter, info);
  if (route === 'gemm') return gemmBackpropInput(backend, dy, filter, info);
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth } = info;
  const { filterHeight, filterWidth, strideHeight, strideWidth } = info;
  const rowsPerPhase = Math.ceil(inHeight / strideHeight);
  const colsPerPhase = Math.ceil(inWidth / strideWidth);

  const owned: TensorInfo[] = [];
  try {
    const phases: TensorInfo[] = [];
    for (let ph = 0; ph < strideHeight; ph++) {
      const rows = axisPhase(ph, strideHeight, info.padInfo.top, filterHeight, outHeight, rowsPerPhase);
      for (let pw = 0; pw < strideWidth; pw++) {
        const cols = axisPhase(pw, strideWidth, info.padInfo.left, filterWidth, outWidth, colsPerPhase);
        const result =
          rows.taps === 0 || cols.taps === 0
            ? zeros(backend, [batchSize, rowsPerPhase, colsPerPhase, inChannels])
            : phaseConv(backend, dy, filter, rows, cols, strideHeight, strideWidth, owned);
        owned.push(result);
        phases.push(result);
      }
    }
    if (strideHeight === 1 && strideWidth === 1) {
      // The single phase is already dx; hand it over instead of copying it.
      owned.pop();
      return phases[0] as TensorInfo;
    }
    return interleavePhases(
      backend,
      phases,
      info.inShape as [number, number, number, number],
      strideHeight,
      strideWidth,
    );
  } finally {
    release(backend, ...owned);
  }
}

/**
 * dx[b, ph + sh*m, pw + sw*n, :] = phase(ph, pw)[b, m, n, :], dropping rows/cols past dx's edge. Copying
 * channel vectors directly is one pass; a Concat + 5-D Transpose + Slice of the stock kernels was 2-3x
 * slower than the phase convolutions themselves.
 */
function interleavePhases(
  backend: BackendWasm,
  phases: TensorInfo[],
  shape: [number, number, number, number],
  strideHeight: number,
  strideWidth: number,
): TensorInfo {
  const [batch, height, width, channels] = shape;
  const out = backend.makeOutput(shape, 'float32');
  const copies = heapCopies(backend);
  for (let ph = 0; ph < strideHeight; ph++) {
    for (let pw = 0; pw < strideWidth; pw++) {
      const phase = phases[ph * strideWidth + pw] as TensorInfo;
      const [, rows, cols] = phase.shape as [number, number, number, number];
      const usedRows = Math.min(rows, Math.ceil((height - ph) / strideHeight));
      const usedCols = Math.min(cols, Math.ceil((width - pw) / strideWidth));
      for (let b = 0; b < batch; b++) {
        for (let m = 0; m < usedRows; m++) {
          const from = (b * rows + m) * cols * channels;
          const to = ((b * height + ph + strideHeight * m) * width + pw) * channels;
          copies.copyRows(out, to, strideWidth * channels, phase, from, channels, usedCols, channels);
        }
      }
    }
  }
  return out;
}

function phaseConv(
  backend: BackendWasm,
  dy: TensorInfo,
  filter: TensorInfo,
  rows: AxisPhase,
  cols: AxisPhase,
  strideHeight: number,
  strideWidth: number,
  owned: TensorInfo[],
): TensorInfo {
  const [batch, dyHeight, dyWidth, channels] = dy.shape as [number, number, number, number];
  let source = dy;
  const cropTop = Math.max(-rows.padBefore, 0);
  const cropLeft = Math.max(-cols.padBefore, 0);
  const cropBottom = Math.max(-rows.padAfter, 0);
  const cropRight = Math.max(-cols.padAfter, 0);
  const keptHeight = dyHeight - cropTop - cropBottom;
  const keptWidth = dyWidth - cropLeft - cropRight;
  if (keptHeight <= 0 || keptWidth <= 0) {
    // Explicit padding so large that this phase only ever reads padding.
    const count = [
      rows.padBefore + rows.padAfter + dyHeight - rows.taps + 1,
      cols.padBefore + cols.padAfter + dyWidth - cols.taps + 1,
    ];
    return zeros(backend, [batch, count[0] as number, count[1] as number, filter.shape[2] as number]);
  }
  if (cropTop + cropLeft + cropBottom + cropRight > 0) {
    source = slice(backend, dy, [0, cropTop, cropLeft, 0], [batch, keptHeight, keptWidth, channels]);
    owned.push(source);
  }
  const taps = phaseFilter(backend, filter, rows, cols, strideHeight, strideWidth);
  owned.push(taps);
  return conv2d(backend, source, taps, {
    strides: [1, 1],
    dilations: [1, 1],
    pad: [
      [0, 0],
      [Math.max(rows.padBefore, 0), Math.max(rows.padAfter, 0)],
      [Math.max(cols.padBefore, 0), Math.max(cols.padAfter, 0)],
      [0, 0],
    ],
  });
}

/**
 * Which way to compute dx. The sub-pixel phases run over every row and column of dx that their stride
 * phase owns, reading dy's zero padding where no dy pixel reaches; when dy is small next to the filter
 * (a 1 x 1 dy under a 4 x 4 filter, as after a conv that ends in 1 x 1) most of their multiplications are
 * by that padding: 9x the useful ones for the CVAE's [32,1,1,512] dy onto [32,5,5,256], 173 ms where one
 * GEMM takes 13. The GEMM route multiplies only real taps (dy @ W^T, then adds each patch into place), at
 * the price of a scalar scatter-add in JavaScript, so it is taken when the phases would multiply more than
 * twice as much.
 *
 * Windows that do not overlap (`patch-gemm.ts`) take a third route: the same GEMM, with each row copied
 * back into its window (no adding up). When there are more taps than windows (a 1 x 1 output under a
 * large filter), the GEMM route is kept: it transposes dy rather than the much larger W, and XNNPACK then
 * packs dy^T, not W^T, as its weights.
 */
export function backpropInputRoute(info: backend_util.Conv2DInfo): 'patches' | 'sub-pixel' | 'gemm' {
  // With fewer windows than taps (a 1 x 1 output), the GEMM route below transposes dy, not W.
  if (
    isPatchGemmConv(info) &&
    info.filterHeight * info.filterWidth * info.inChannels <= info.batchSize * info.outHeight * info.outWidth
  )
    return 'patches';
  const { inHeight, inWidth, outHeight, outWidth, filterHeight, filterWidth } = info;
  const { strideHeight, strideWidth } = info;
  // Multiplications per (batch, in channel, out channel); the phases are separable by axis.
  const phaseWork = (stride: number, pad: number, kernel: number, dyLength: number, length: number) => {
    const count = Math.ceil(length / stride);
    let work = 0;
    for (let p = 0; p < stride; p++) work += count * axisPhase(p, stride, pad, kernel, dyLength, count).taps;
    return work;
  };
  const subPixel =
    phaseWork(strideHeight, info.padInfo.top, filterHeight, outHeight, inHeight) *
    phaseWork(strideWidth, info.padInfo.left, filterWidth, outWidth, inWidth);
  const gemm = outHeight * outWidth * filterHeight * filterWidth;
  return subPixel > 2 * gemm ? 'gemm' : 'sub-pixel';
}

/**
 * dx by im2col's transpose: columns [N, K] = dy [N, Co] @ W^T [Co, K] (N = B * Ho * Wo, K = kh * kw * Ci),
 * then each patch row is added into dx where the forward conv read it. Whichever of W or dy is smaller is
 * the one transposed; with dy transposed the product comes out as [K, N] and is read with strides.
 */
function gemmBackpropInput(
  backend: BackendWasm,
  dy: TensorInfo,
  filter: TensorInfo,
  info: backend_util.Conv2DInfo,
): TensorInfo {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = info;
  const { filterHeight, filterWidth, strideHeight, strideWidth } = info;
  const padTop = info.padInfo.top;
  const padLeft = info.padInfo.left;
  const n = batchSize * outHeight * outWidth;
  const k = filterHeight * filterWidth * inChannels;
  const owned: TensorInfo[] = [];
  try {
    let columns: TensorInfo;
    let patchStride: number;
    let tapStride: number;
    if (k <= n) {
      const filterT = transpose2d(backend, filter, k, outChannels);
      owned.push(filterT);
      columns = matMul(backend, view(dy, [n, outChannels]), filterT);
      patchStride = k;
      tapStride = 1;
    } else {
      const dyT = transpose2d(backend, dy, n, outChannels);
      owned.push(dyT);
      columns = matMul(backend, view(filter, [k, outChannels]), dyT);
      patchStride = 1;
      tapStride = n;
    }
    owned.push(columns);
    const dx = zeros(backend, info.inShape as number[]);
    const dst = backend.typedArrayFromHeap(dx) as Float32Array;
    const src = backend.typedArrayFromHeap(columns) as Float32Array;
    let patch = 0;
    for (let b = 0; b < batchSize; b++) {
      for (let ho = 0; ho < outHeight; ho++) {
        for (let wo = 0; wo < outWidth; wo++, patch++) {
          for (let i = 0; i < filterHeight; i++) {
            const row = ho * strideHeight - padTop + i;
            if (row < 0 || row >= inHeight) continue;
            for (let j = 0; j < filterWidth; j++) {
              const col = wo * strideWidth - padLeft + j;
              if (col < 0 || col >= inWidth) continue;
              const to = ((b * inHeight + row) * inWidth + col) * inChannels;
              let from = patch * patchStride + (i * filterWidth + j) * inChannels * tapStride;
              for (let c = 0; c < inChannels; c++, from += tapStride) {
                dst[to + c] = (dst[to + c] as number) + (src[from] as number);
              }
            }
          }
        }
      }
    }
    return dx;
  } finally {
    release(backend, ...owned);
  }
}

/**
 * dx for windows that do not overlap (`patch-gemm.ts`): d(patches) [N, K] = dy [N, Co] @ W^T [Co, K],
 * each row copied back into its window. No window shares an element, so there is nothing to add up.
 */
function patchGemmBackpropInput(
  backend: BackendWasm,
  dy: TensorInfo,
  filter: TensorInfo,
  info: backend_util.Conv2DInfo,
): TensorInfo {
  const rows = info.batchSize * info.outHeight * info.outWidth;
  const k = info.filterHeight * info.filterWidth * info.inChannels;
  const filterT = transpose2d(backend, filter, k, info.outChannels);
  let columns: TensorInfo | undefined;
  try {
    columns = matMul(backend, view(dy, [rows, info.outChannels]), filterT);
    const dx = scatterPatches(backend, columns, info);
    if (dx.dataId === columns.dataId) columns = undefined;
    return dx;
  } finally {
    release(backend, filterT, ...(columns ? [columns] : []));
  }
}

export const conv2dBackpropInputConfig: KernelConfig = {
  kernelName: 'Conv2DBackpropInput',
  backendName: 'wasm',
  kernelFunc: conv2dBackpropInputWasm as unknown as KernelFunc,
};
