import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { backend_util, TensorInfo } from '@tensorflow/tfjs-core';
import { heapCopies } from './heap-kernels.js';
import { view, zeros } from './wasm-kernel-calls.js';

/**
 * Convolutions whose windows do not overlap: a stride at least as large as the filter (the VAE-GAN and
 * CGAN discriminators' 2 x 2 stride-2 convs), or a single output position (a filter as large as what is
 * left of the input, such as the CVAE encoder's 4 x 4 conv from 5 x 5 to 1 x 1). Each input element then
 * belongs to at most one window, so the windows laid out as rows, patches [N, K] with N = B * Ho * Wo and
 * K = kh * kw * Ci, are a copy of x (no larger than x), and all three passes are one GEMM each:
 *
 * - forward: y [N, Co] = patches @ W [K, Co] (taken only for a 1 x 1 output: `fully-connected-conv.ts`);
 * - filter gradient: dW [K, Co] = patches^T @ dy [N, Co];
 * - input gradient: d(patches) [N, K] = dy @ W^T, copied back into the windows (zeros elsewhere).
 *
 * For the VAE-GAN's 2 x 2 stride-2 convs (batch 32) the gradients this way took 0.55-0.9x the time of
 * our general routes (XNNPACK's convolution with the batch in the channel slot for dW, the sub-pixel
 * phases for dx), which lay the same work out for sliding windows: `bench/run.mjs --micro`.
 */
export function isPatchGemmConv(info: backend_util.Conv2DInfo): boolean {
  const { inHeight, inWidth, outHeight, outWidth, filterHeight, filterWidth, strideHeight, strideWidth } =
    info;
  return (
    info.dataFormat === 'channelsLast' &&
    info.dilationHeight === 1 &&
    info.dilationWidth === 1 &&
    info.padInfo.top === 0 &&
    info.padInfo.left === 0 &&
    outHeight > 0 &&
    outWidth > 0 &&
    // Every window inside x: padding after the last window is never read.
    (outHeight - 1) * strideHeight + filterHeight <= inHeight &&
    (outWidth - 1) * strideWidth + filterWidth <= inWidth &&
    (outHeight === 1 || strideHeight >= filterHeight) &&
    (outWidth === 1 || strideWidth >= filterWidth)
  );
}

/** Rows of one window each, [N, K]; a view of x when the windows are x itself (one window per image, or 1 x 1 stride-1). */
export function gatherPatches(
  backend: BackendWasm,
  x: TensorInfo,
  info: backend_util.Conv2DInfo,
): TensorInfo {
  const rows = info.batchSize * info.outHeight * info.outWidth;
  const k = info.filterHeight * info.filterWidth * info.inChannels;
  if (windowsAreInput(info)) return view(x, [rows, k]);
  const out = backend.makeOutput([rows, k], 'float32');
  // Views are taken after makeOutput because allocating may grow (and detach) the wasm heap.
  copyWindowRuns(backend, out, x, info, 'gather');
  return out;
}

/**
 * gatherPatches transposed, [K, N], in one pass (the filter gradient needs patches^T): one
 * `HeapCopies.transpose` per image row that a window row reads.
 */
export function gatherPatchesTransposed(
  backend: BackendWasm,
  x: TensorInfo,
  info: backend_util.Conv2DInfo,
): TensorInfo {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth } = info;
  const { filterHeight, filterWidth, strideHeight, strideWidth } = info;
  const rows = batchSize * outHeight * outWidth;
  const run = filterWidth * inChannels;
  const out = backend.makeOutput([filterHeight * run, rows], 'float32');
  const copies = heapCopies(backend);
  // For each image row a window row reads, its Wo runs of kw * Ci floats ([Wo, run], strideWidth * Ci
  // apart) go transposed into rows i * run .. (i + 1) * run of the output, at the windows' columns.
  for (let b = 0; b < batchSize; b++) {
    for (let ho = 0; ho < outHeight; ho++) {
      const column = (b * outHeight + ho) * outWidth;
      for (let i = 0; i < filterHeight; i++) {
        const from = (b * inHeight + ho * strideHeight + i) * inWidth * inChannels;
        copies.transpose(
          out,
          i * run * rows + column,
          rows,
          x,
          from,
          strideWidth * inChannels,
          outWidth,
          run,
        );
      }
    }
  }
  return out;
}

/**
 * The inverse of gatherPatches: rows [N, K] written back into their windows of a tensor of x's shape, zero
 * where no window reads. Takes over `columns` when the windows are x itself (the caller must then not release it).
 */
export function scatterPatches(
  backend: BackendWasm,
  columns: TensorInfo,
  info: backend_util.Conv2DInfo,
): TensorInfo {
  const { inHeight, inWidth, outHeight, outWidth, filterHeight, filterWidth, strideHeight, strideWidth } =
    info;
  if (windowsAreInput(info)) return view(columns, info.inShape as number[]);
  const covered =
    outHeight * strideHeight === inHeight &&
    outWidth * strideWidth === inWidth &&
    strideHeight === filterHeight &&
    strideWidth === filterWidth;
  const dx = covered
    ? backend.makeOutput(info.inShape as number[], 'float32')
    : zeros(backend, info.inShape as number[]);
  copyWindowRuns(backend, columns, dx, info, 'scatter');
  return dx;
}

/**
 * Copies every window between x's layout (`image`) and rows of windows (`rows`, [N, K]): into the rows
 * ('gather') or back into x's layout ('scatter'). A window's row is kh runs of kw * Ci contiguous floats.
 */
function copyWindowRuns(
  backend: BackendWasm,
  rowsInfo: TensorInfo,
  imageInfo: TensorInfo,
  info: backend_util.Conv2DInfo,
  direction: 'gather' | 'scatter',
): void {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth } = info;
  const { filterHeight, filterWidth, strideHeight, strideWidth } = info;
  const run = filterWidth * inChannels;
  const k = filterHeight * run;
  const copies = heapCopies(backend);
  // Per image row a window row reads: its Wo runs (strideWidth * Ci apart in x) against the same run of
  // Wo consecutive rows of windows (K apart).
  for (let b = 0; b < batchSize; b++) {
    for (let ho = 0; ho < outHeight; ho++) {
      for (let i = 0; i < filterHeight; i++) {
        const at = (b * inHeight + ho * strideHeight + i) * inWidth * inChannels;
        const row = (b * outHeight + ho) * outWidth * k + i * run;
        if (direction === 'gather') {
          copies.copyRows(rowsInfo, row, k, imageInfo, at, strideWidth * inChannels, outWidth, run);
        } else {
          copies.copyRows(imageInfo, at, strideWidth * inChannels, rowsInfo, row, k, outWidth, run);
        }
      }
    }
  }
}

/** True when the rows of windows are x's own memory layout: one window per image covering all of it, or 1 x 1 windows at stride 1. */
function windowsAreInput(info: backend_util.Conv2DInfo): boolean {
  const { inHeight, inWidth, outHeight, outWidth, filterHeight, filterWidth } = info;
  const whole = filterHeight === inHeight && filterWidth === inWidth;
  const pointwise =
    filterHeight === 1 &&
    filterWidth === 1 &&
    outHeight === inHeight &&
    outWidth === inWidth &&
    info.strideHeight === 1 &&
    info.strideWidth === 1;
  return whole || pointwise;
}
