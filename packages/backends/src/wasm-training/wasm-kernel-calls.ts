import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { getKernel, type NamedAttrMap, type TensorInfo } from '@tensorflow/tfjs-core';
import { heapCopies } from './heap-kernels.js';
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
 * [rows, cols] -> [cols, rows] with `HeapCopies.transpose` (4 x 4 SIMD tiles on the heap, or 32 x 32 blocks
 * in JavaScript). The stock Transpose computes an index per element and was 6x slower on a [4096, 512]
 * filter.
 */
export function transpose2d(backend: BackendWasm, x: TensorInfo, rows: number, cols: number): TensorInfo {
  const out = backend.makeOutput([cols, rows], 'float32');
  heapCopies(backend).transpose(out, 0, rows, x, 0, cols, rows, cols);
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
  const copies = heapCopies(backend);
  // For each m, the [A, C] block (rows M * C apart) transposed to [C, A] (rows M * A apart).
  for (let m = 0; m < middle; m++) {
    copies.transpose(out, m * outer, middle * outer, x, m * inner, middle * inner, outer, inner);
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
  const copies = heapCopies(backend);
  // For each a, its M rows of C (contiguous) to rows A * C apart.
  for (let a = 0; a < outer; a++) {
    copies.copyRows(out, a * inner, outer * inner, x, a * middle * inner, inner, middle, inner);
  }
  return out;
}
