import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { getKernel, type NamedAttrMap, type TensorInfo } from '@tensorflow/tfjs-core';
import { address, heapKernels } from './heap-kernels.js';
import { WasmTrainingError } from './wasm-training-error.js';

/**
 * Thin helpers that call the stock, XNNPACK-backed wasm kernels directly. Our kernels are compositions
 * of these: calling kernel functions (not tf ops) keeps the intermediates off the autograd tape and out
 * of the engine's tensor bookkeeping, so each helper's result must be released with `release`.
 */
export type ExplicitPad = [[0, 0], [number, number], [number, number], [0, 0]];

export function callWasmKernel(
  backend: BackendWasm,
  kernelName: string,
  inputs: Record<string, TensorInfo> | TensorInfo[],
  attrs: NamedAttrMap = {},
): TensorInfo {
  const kernel = getKernel(kernelName, 'wasm');
  if (kernel === undefined) {
    throw new WasmTrainingError(
      `The wasm kernel '${kernelName}' that @ifa/train's wasm training kernels build on is not registered. Import '@tensorflow/tfjs-backend-wasm' before calling registerWasmTrainingKernels().`,
    );
  }
  const result = kernel.kernelFunc({ inputs: inputs as Record<string, TensorInfo>, attrs, backend });
  if (Array.isArray(result)) {
    throw new WasmTrainingError(
      `The wasm kernel '${kernelName}' returned several outputs where one was expected.`,
    );
  }
  return result as TensorInfo;
}

export function release(backend: BackendWasm, ...infos: TensorInfo[]): void {
  for (const info of infos) backend.disposeData(info.dataId);
}

/** A view with another shape over the same data; it owns nothing, so it is never released. */
export function view(info: TensorInfo, shape: number[]): TensorInfo {
  return { dataId: info.dataId, shape, dtype: info.dtype };
}

export function transpose(backend: BackendWasm, x: TensorInfo, perm: number[]): TensorInfo {
  return callWasmKernel(backend, 'Transpose', { x }, { perm });
}

export function slice(backend: BackendWasm, x: TensorInfo, begin: number[], size: number[]): TensorInfo {
  return callWasmKernel(backend, 'Slice', { x }, { begin, size });
}

/** Stride-1 (or any) NHWC convolution with explicit, non-negative padding on the XNNPACK path. */
export function conv2d(
  backend: BackendWasm,
  x: TensorInfo,
  filter: TensorInfo,
  options: { strides: [number, number]; dilations: [number, number]; pad: ExplicitPad },
): TensorInfo {
  return callWasmKernel(
    backend,
    'Conv2D',
    { x, filter },
    {
      strides: options.strides,
      dilations: options.dilations,
      pad: options.pad as unknown as number[][],
      dataFormat: 'NHWC',
    },
  );
}

export function zeros(backend: BackendWasm, shape: number[]): TensorInfo {
  const out = backend.makeOutput(shape, 'float32');
  (backend.typedArrayFromHeap(out) as Float32Array).fill(0);
  return out;
}

/** a [M, K] @ b [K, N] on the stock kernel, which takes XNNPACK's GEMM only when neither side is transposed. */
export function matMul(backend: BackendWasm, a: TensorInfo, b: TensorInfo): TensorInfo {
  return callWasmKernel(backend, 'BatchMatMul', { a, b }, { transposeA: false, transposeB: false });
}

/**
 * [rows, cols] -> [cols, rows] in 32 x 32 blocks, so both sides stay in cache. The stock Transpose computes
 * an index per element and was 6x slower on a [4096, 512] filter. Each block is read down its columns and
 * written along rows: written down columns, a power-of-two row count (the patches of a batch of 32) sends
 * every store of a block to the same cache set, 10 ns a float against 2.5-4 this way.
 */
export function transpose2d(backend: BackendWasm, x: TensorInfo, rows: number, cols: number): TensorInfo {
  const out = backend.makeOutput([cols, rows], 'float32');
  const kernels = heapKernels(backend);
  if (kernels !== null) {
    kernels.transpose(address(backend, out), rows, address(backend, x), cols, rows, cols);
    return out;
  }
  // Views are taken after makeOutput because allocating may grow (and detach) the wasm heap.
  const dst = backend.typedArrayFromHeap(out) as Float32Array;
  const src = backend.typedArrayFromHeap(x) as Float32Array;
  const block = 32;
  for (let c0 = 0; c0 < cols; c0 += block) {
    const c1 = Math.min(c0 + block, cols);
    for (let r0 = 0; r0 < rows; r0 += block) {
      const r1 = Math.min(r0 + block, rows);
      for (let c = c0; c < c1; c++) {
        let to = c * rows + r0;
        for (let r = r0; r < r1; r++) dst[to++] = src[r * cols + c] as number;
      }
    }
  }
  return out;
}

/**
 * x [A, M, C] -> [C, M, A]: swaps the outer and inner axes around a middle one, as a blocked 2-D transpose
 * of [A, C] for each m. The filter gradient puts the batch in the channel slot this way ([B, H, W, Ci] ->
 * [Ci, H, W, B]); the stock Transpose took 6.8 ms for a [32, 17, 17, 64] input.
 */
export function swapOuterInner(
  backend: BackendWasm,
  x: TensorInfo,
  outer: number,
  middle: number,
  inner: number,
  outShape: number[] = [inner, middle, outer],
): TensorInfo {
  const out = backend.makeOutput(outShape, 'float32');
  const kernels = heapKernels(backend);
  if (kernels !== null) {
    // For each m, the [A, C] block (rows M * C apart) transposed to [C, A] (rows M * A apart).
    const outAt = address(backend, out);
    const xAt = address(backend, x);
    for (let m = 0; m < middle; m++) {
      kernels.transpose(
        outAt + 4 * m * outer,
        middle * outer,
        xAt + 4 * m * inner,
        middle * inner,
        outer,
        inner,
      );
    }
    return out;
  }
  const dst = backend.typedArrayFromHeap(out) as Float32Array;
  const src = backend.typedArrayFromHeap(x) as Float32Array;
  const block = 16;
  for (let m = 0; m < middle; m++) {
    for (let a0 = 0; a0 < outer; a0 += block) {
      const a1 = Math.min(a0 + block, outer);
      for (let c0 = 0; c0 < inner; c0 += block) {
        const c1 = Math.min(c0 + block, inner);
        for (let a = a0; a < a1; a++) {
          let from = (a * middle + m) * inner + c0;
          for (let c = c0; c < c1; c++) dst[(c * middle + m) * outer + a] = src[from++] as number;
        }
      }
    }
  }
  return out;
}

/**
 * x [A, M, C] -> [M, A, C]: moves the outer axis past a middle one, keeping rows of C contiguous
 * (dy [B, Ho, Wo, Co] -> [Ho, Wo, B, Co] for the filter gradient, and back for its result).
 */
export function swapOuterMiddle(
  backend: BackendWasm,
  x: TensorInfo,
  outer: number,
  middle: number,
  inner: number,
  outShape: number[] = [middle, outer, inner],
): TensorInfo {
  const out = backend.makeOutput(outShape, 'float32');
  const kernels = heapKernels(backend);
  if (kernels !== null) {
    // For each a, its M rows of C (contiguous) to rows A * C apart.
    const outAt = address(backend, out);
    const xAt = address(backend, x);
    for (let a = 0; a < outer; a++) {
      kernels.copyRows(
        outAt + 4 * a * inner,
        outer * inner,
        xAt + 4 * a * middle * inner,
        inner,
        middle,
        inner,
      );
    }
    return out;
  }
  const dst = backend.typedArrayFromHeap(out) as Float32Array;
  const src = backend.typedArrayFromHeap(x) as Float32Array;
  for (let a = 0; a < outer; a++) {
    for (let m = 0; m < middle; m++) {
      const from = (a * middle + m) * inner;
      const to = (m * outer + a) * inner;
      if (inner >= 16) dst.set(src.subarray(from, from + inner), to);
      else for (let c = 0; c < inner; c++) dst[to + c] = src[from + c] as number;
    }
  }
  return out;
}
