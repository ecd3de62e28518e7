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
