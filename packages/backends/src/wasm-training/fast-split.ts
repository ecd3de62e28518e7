import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { backend_util, type KernelFunc, type TensorInfo, util } from '@tensorflow/tfjs-core';
import { heapCopies } from './heap-kernels.js';

/**
 * SplitV for float32. The stock kernel slices each part out with its 4-D slice, a JavaScript loop per
 * element: the gradient of the discriminator's concat of image and audio ([32, 28, 28, 2] into two
 * [32, 28, 28, 1]) took 5.9 ms a VAE-GAN step. Here each part's rows are one `HeapCopies.copyRows` call,
 * the inverse of our Concat. Anything else goes to the stock kernel.
 */
export function makeSplitKernel(stock: KernelFunc): KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args as unknown as {
      inputs: { x: TensorInfo };
      backend: BackendWasm;
      attrs: { numOrSizeSplits: number | number[]; axis: number | number[] };
    };
    const { x } = inputs;
    if (x.dtype !== 'float32') return stock(args);
    const axis = util.parseAxisParam(attrs.axis, x.shape)[0] as number;
    // prepareSplitSize writes the size of a -1 entry into the array it is given: hand it a copy.
    const requested = attrs.numOrSizeSplits;
    const sizes = backend_util.prepareSplitSize(
      x,
      Array.isArray(requested) ? [...requested] : requested,
      axis,
    );
    const rows = util.sizeFromShape(x.shape.slice(0, axis));
    const rowLength = util.sizeFromShape(x.shape.slice(axis));
    const inner = util.sizeFromShape(x.shape.slice(axis + 1));
    const copies = heapCopies(backend);
    let column = 0;
    return sizes.map((size) => {
      const shape = x.shape.map((d, i) => (i === axis ? size : d));
      const out = backend.makeOutput(shape, 'float32');
      const length = size * inner;
      copies.copyRows(out, 0, length, x, column, rowLength, rows, length);
      column += length;
      return out;
    });
  };
}
