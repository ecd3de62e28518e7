import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { type KernelFunc, slice_util, type TensorInfo, util } from '@tensorflow/tfjs-core';

/**
 * Slice without copying its input. The stock wasm kernel starts with `backend.readSync(x)`, which copies
 * the whole input out of the heap, and then copies each innermost row with `subarray` + `set`. Training
 * slices a lot: PadV2's gradient is a Slice, and the VAE-GAN `seed` step slices about 20 padded
 * activations (e.g. [32, 17, 17, 64] to [32, 15, 15, 64]), 60 to 120 ms a step with the stock kernel.
 *
 * Here the trailing axes that are taken whole merge with the last one that is cut into a single run
 * (a [32, 15, 15, 64] slice is 480 runs of 960 floats), copied straight from the input's heap view.
 * Strings go to the stock kernel.
 */
export function makeSliceKernel(stock: KernelFunc): KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args as unknown as {
      inputs: { x: TensorInfo };
      backend: BackendWasm;
      attrs: { begin: number | number[]; size: number | number[] };
    };
    const { x } = inputs;
    if (x.dtype === 'string') return stock(args);
    const [begin, size] = slice_util.parseSliceParams(x as never, attrs.begin, attrs.size);
    const out = backend.makeOutput(size, x.dtype);
    const total = util.sizeFromShape(size);
    if (total === 0) return out;
    // Views are taken after makeOutput because allocating may grow (and detach) the wasm heap.
    const dst = backend.typedArrayFromHeap(out);
    const src = backend.typedArrayFromHeap(x);
    const shape = x.shape;
    const rank = shape.length;
    // `cut`: the innermost axis not taken whole; everything after it is one contiguous run per index.
    let cut = rank - 1;
    let run = 1;
    while (cut >= 0 && begin[cut] === 0 && size[cut] === shape[cut]) {
      run *= shape[cut] as number;
      cut--;
    }
    if (cut < 0) {
      dst.set(src.subarray(0, total));
      return out;
    }
    const strides = new Array<number>(rank).fill(1);
    for (let d = rank - 2; d >= 0; d--) strides[d] = (strides[d + 1] as number) * (shape[d + 1] as number);
    const runLength = (size[cut] as number) * run;
    // An odometer over the axes before `cut`; each position copies one run.
    const index = new Array<number>(cut).fill(0);
    let from = 0;
    for (let d = 0; d <= cut; d++) from += (begin[d] as number) * (strides[d] as number);
    for (let to = 0; to < total; to += runLength) {
      if (runLength >= 16) {
        dst.set(src.subarray(from, from + runLength), to);
      } else {
        for (let i = 0; i < runLength; i++) dst[to + i] = src[from + i] as number;
      }
      for (let d = cut - 1; d >= 0; d--) {
        const next = (index[d] as number) + 1;
        if (next < (size[d] as number)) {
          index[d] = next;
          from += strides[d] as number;
          break;
        }
        index[d] = 0;
        from -= (next - 1) * (strides[d] as number);
      }
    }
    return out;
  };
}
