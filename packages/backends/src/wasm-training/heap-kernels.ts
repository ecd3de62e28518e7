import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { HEAP_KERNELS_SHARED_WASM_BASE64, HEAP_KERNELS_WASM_BASE64 } from './heap-kernels-wasm.js';

/**
 * `heap-kernels.wat`, instantiated on tfjs-backend-wasm's own memory, so its loops read and write the
 * tensors in place. Byte addresses come from `address`; strides and lengths count floats.
 */
export interface HeapKernels {
  /** dst[c * dstStride + r] = src[r * srcStride + c] for r < rows, c < cols. */
  transpose(dst: number, dstStride: number, src: number, srcStride: number, rows: number, cols: number): void;
  /** `count` rows of `length` floats, `srcStride` apart, to rows `dstStride` apart. */
  copyRows(
    dst: number,
    dstStride: number,
    src: number,
    srcStride: number,
    count: number,
    length: number,
  ): void;
  /** dst[c] = float32(scale * (sum over r of src[r * cols + c])), summed in float64 in row order. */
  sumRows(dst: number, src: number, rows: number, cols: number, scale: number): void;
  /** dx = x > 0 ? dy : dy * alpha in float32 (alpha a float32), n elements: LeakyReLU's gradient. */
  leakyReluGrad(dx: number, dy: number, x: number, n: number, alpha: number): void;
  /** The fused Adam update of `adam-update-kernel.ts`, n elements, results to x1, m1, v1. */
  adam(
    x: number,
    g: number,
    m: number,
    v: number,
    x1: number,
    m1: number,
    v1: number,
    n: number,
    beta1: number,
    beta2: number,
    keep1: number,
    keep2: number,
    epsilon: number,
    stepSize: number,
  ): void;
}

/** The Emscripten module behind a BackendWasm: the threaded build keeps its memory as `wasmMemory`, the others export it. */
interface EmscriptenHeap {
  wasmMemory?: WebAssembly.Memory;
  asm?: { memory?: WebAssembly.Memory };
}

// One instance per backend (per heap); a backend that cannot have one maps to null.
const instances = new WeakMap<BackendWasm, HeapKernels | null>();

/**
 * The heap kernels for this backend, or null when its memory is out of reach (another tfjs-backend-wasm
 * build) or the runtime refuses to compile WebAssembly: callers then run their JavaScript loops.
 */
export function heapKernels(backend: BackendWasm): HeapKernels | null {
  const known = instances.get(backend);
  if (known !== undefined) return known;
  const kernels = instantiate(backend);
  instances.set(backend, kernels);
  return kernels;
}

function instantiate(backend: BackendWasm): HeapKernels | null {
  const module = backend.wasm as unknown as EmscriptenHeap;
  const memory = module.wasmMemory ?? module.asm?.memory;
  if (!(memory instanceof WebAssembly.Memory)) return null;
  const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
  try {
    const base64 = shared ? HEAP_KERNELS_SHARED_WASM_BASE64 : HEAP_KERNELS_WASM_BASE64;
    const bytes = Uint8Array.from(atob(base64), (ch) => ch.charCodeAt(0));
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
    return instance.exports as unknown as HeapKernels;
  } catch {
    // A Content-Security-Policy that forbids compiling WebAssembly, or a heap whose limits differ from
    // the import's: the JavaScript loops do the same work.
    return null;
  }
}

/** Byte offset of a tensor's data in the wasm heap. */
export function address(backend: BackendWasm, info: TensorInfo): number {
  return backend.dataIdMap.get(info.dataId).memoryOffset;
}

/**
 * The two copies our kernels build on, between tensors of this backend at element offsets (strides and
 * lengths in floats): the heap kernels where the backend's memory is reachable, else the same copies in
 * JavaScript over views of the heap (taken per call, after any allocation that may have grown it).
 */
export interface HeapCopies {
  /** dst[dstOffset + c * dstStride + r] = src[srcOffset + r * srcStride + c] for r < rows, c < cols. */
  transpose(
    dst: TensorInfo,
    dstOffset: number,
    dstStride: number,
    src: TensorInfo,
    srcOffset: number,
    srcStride: number,
    rows: number,
    cols: number,
  ): void;
  /** `count` rows of `length` floats from src (rows `srcStride` apart) to dst (rows `dstStride` apart). */
  copyRows(
    dst: TensorInfo,
    dstOffset: number,
    dstStride: number,
    src: TensorInfo,
    srcOffset: number,
    srcStride: number,
    count: number,
    length: number,
  ): void;
}

export function heapCopies(backend: BackendWasm): HeapCopies {
  const kernels = heapKernels(backend);
  if (kernels !== null) {
    const at = (t: TensorInfo, offset: number) => address(backend, t) + 4 * offset;
    return {
      transpose: (dst, dstOffset, dstStride, src, srcOffset, srcStride, rows, cols) =>
        kernels.transpose(at(dst, dstOffset), dstStride, at(src, srcOffset), srcStride, rows, cols),
      copyRows: (dst, dstOffset, dstStride, src, srcOffset, srcStride, count, length) =>
        kernels.copyRows(at(dst, dstOffset), dstStride, at(src, srcOffset), srcStride, count, length),
    };
  }
  return javascriptCopies(backend);
}

/** `HeapCopies` in JavaScript over views of the heap: what runs where the heap kernels cannot. */
export function javascriptCopies(backend: BackendWasm): HeapCopies {
  const heap = (t: TensorInfo) => backend.typedArrayFromHeap(t) as Float32Array;
  return {
    transpose: (dst, dstOffset, dstStride, src, srcOffset, srcStride, rows, cols) =>
      transposeJs(heap(dst), dstOffset, dstStride, heap(src), srcOffset, srcStride, rows, cols),
    copyRows: (dst, dstOffset, dstStride, src, srcOffset, srcStride, count, length) =>
      copyRowsJs(heap(dst), dstOffset, dstStride, heap(src), srcOffset, srcStride, count, length),
  };
}

/**
 * `HeapCopies.transpose` in JavaScript: 32 x 32 blocks, so both sides stay in cache, each read down its
 * columns and written along rows (written down columns, a power-of-two row count such as the patches of a
 * batch of 32 sent every store of a block to the same cache set: 10 ns a float against 2.5-4 this way).
 */
export function transposeJs(
  dst: Float32Array,
  dstOffset: number,
  dstStride: number,
  src: Float32Array,
  srcOffset: number,
  srcStride: number,
  rows: number,
  cols: number,
): void {
  const block = 32;
  for (let c0 = 0; c0 < cols; c0 += block) {
    const c1 = Math.min(c0 + block, cols);
    for (let r0 = 0; r0 < rows; r0 += block) {
      const r1 = Math.min(r0 + block, rows);
      for (let c = c0; c < c1; c++) {
        let to = dstOffset + c * dstStride + r0;
        for (let r = r0; r < r1; r++) dst[to++] = src[srcOffset + r * srcStride + c] as number;
      }
    }
  }
}

/** `HeapCopies.copyRows` in JavaScript: `set` for rows of 16 floats or more, a loop for shorter ones. */
export function copyRowsJs(
  dst: Float32Array,
  dstOffset: number,
  dstStride: number,
  src: Float32Array,
  srcOffset: number,
  srcStride: number,
  count: number,
  length: number,
): void {
  for (let r = 0; r < count; r++) {
    const to = dstOffset + r * dstStride;
    const from = srcOffset + r * srcStride;
    if (length >= 16) dst.set(src.subarray(from, from + length), to);
    else for (let i = 0; i < length; i++) dst[to + i] = src[from + i] as number;
  }
}
