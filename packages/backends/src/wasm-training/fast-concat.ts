import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { backend_util, type KernelFunc, type TensorInfo, util } from '@tensorflow/tfjs-core';
import { address, heapKernels } from './heap-kernels.js';

/**
 * Concat for float32. The stock kernel copies each input's row with `subarray` + `set`, one pair of calls
 * per row: concatenating two [32, 28, 28, 1] images along channels makes 50,176 of them for one float
 * each, 10 ms (the VAE-GAN's discriminator does this on every step). Short rows are copied element by
 * element here; long ones still with `set`. Anything else goes to the stock kernel.
 */
export function makeConcatKernel(stock: KernelFunc): KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args as unknown as {
      inputs: TensorInfo[];
      backend: BackendWasm;
      attrs: { axis: number | number[] };
    };
    const parts = inputs.filter((t) => util.sizeFromShape(t.shape) > 0);
    if (parts.length < 2 || parts.some((t) => t.dtype !== 'float32')) return stock(args);
    const first = parts[0] as TensorInfo;
    const axis = util.parseAxisParam(attrs.axis, first.shape)[0] as number;
    backend_util.assertParamsConsistent(
      parts.map((t) => t.shape),
      axis,
    );
    const outShape = backend_util.computeOutShape(
      parts.map((t) => t.shape),
      axis,
    );
    const out = backend.makeOutput(outShape, 'float32');
    const rows = util.sizeFromShape(first.shape.slice(0, axis));
    const rowLengths = parts.map((t) => util.sizeFromShape(t.shape.slice(axis)));
    const outRow = rowLengths.reduce((a, b) => a + b, 0);
    let column = 0;
    const kernels = heapKernels(backend);
    if (kernels !== null) {
      const outAt = address(backend, out);
      parts.forEach((part, p) => {
        const length = rowLengths[p] as number;
        kernels.copyRows(outAt + 4 * column, outRow, address(backend, part), length, rows, length);
        column += length;
      });
      return out;
    }
    // Views are taken after makeOutput because allocating may grow (and detach) the wasm heap.
    const dst = backend.typedArrayFromHeap(out) as Float32Array;
    parts.forEach((part, p) => {
      const src = backend.typedArrayFromHeap(part) as Float32Array;
      const length = rowLengths[p] as number;
      if (length >= 16) {
        for (let r = 0; r < rows; r++) {
          dst.set(src.subarray(r * length, (r + 1) * length), r * outRow + column);
        }
      } else {
        for (let r = 0, from = 0; r < rows; r++) {
          const to = r * outRow + column;
          for (let i = 0; i < length; i++) dst[to + i] = src[from++] as number;
        }
      }
      column += length;
    });
    return out;
  };
}
