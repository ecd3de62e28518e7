import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { backend_util, type KernelFunc, type TensorInfo, util } from '@tensorflow/tfjs-core';
import { heapCopies } from './heap-kernels.js';

/**
 * Concat for float32. The stock kernel copies each input's row with `subarray` + `set`, one pair of calls
 * per row: concatenating two [32, 28, 28, 1] images along channels makes 50,176 of them for one float
 * each, 10 ms (the VAE-GAN's discriminator does this on every step). Here each input's rows are one
 * `HeapCopies.copyRows` call (the heap kernel, or JavaScript that copies short rows element by element).
 * Anything else goes to the stock kernel.
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
    const copies = heapCopies(backend);
    parts.forEach((part, p) => {
      const length = rowLengths[p] as number;
      copies.copyRows(out, column, outRow, part, 0, length, rows, length);
      column += length;
    });
    return out;
  };
}
