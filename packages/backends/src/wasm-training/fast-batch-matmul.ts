import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { type KernelFunc, type TensorInfo, util } from '@tensorflow/tfjs-core';
import { heapCopies } from './heap-kernels.js';
import { release } from './wasm-kernel-calls.js';

/**
 * BatchMatMul with a transposed operand. The stock kernel takes XNNPACK's GEMM only when neither side is
 * transposed, and otherwise a scalar loop about 6x slower: every Dense layer's gradient asks for one
 * (dW = x^T @ dy, dx = dy @ W^T), and in a `recommended` VAE-GAN step (batch 64) those took 207 ms of 366
 * ms of kernels. Here the transposed operand is written out transposed (`HeapCopies.transpose`, one block
 * per batch entry) and the stock kernel multiplies without transposes. The sums are XNNPACK's, as for any
 * untransposed product, so they differ from the scalar loop's in rounding only. Anything else goes to the
 * stock kernel.
 */
export function makeBatchMatMulKernel(stock: KernelFunc): KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args as unknown as {
      inputs: { a: TensorInfo; b: TensorInfo };
      backend: BackendWasm;
      attrs: { transposeA: boolean; transposeB: boolean };
    };
    const { a, b } = inputs;
    const { transposeA, transposeB } = attrs;
    if ((!transposeA && !transposeB) || a.dtype !== 'float32' || b.dtype !== 'float32') return stock(args);
    const owned: TensorInfo[] = [];
    try {
      const left = transposeA ? transposeLastTwo(backend, a) : a;
      if (transposeA) owned.push(left);
      const right = transposeB ? transposeLastTwo(backend, b) : b;
      if (transposeB) owned.push(right);
      return stock({
        inputs: { a: left, b: right },
        backend,
        attrs: { ...attrs, transposeA: false, transposeB: false },
      } as unknown as Parameters<KernelFunc>[0]);
    } finally {
      release(backend, ...owned);
    }
  };
}

/** x [..., R, C] -> [..., C, R]. */
function transposeLastTwo(backend: BackendWasm, x: TensorInfo): TensorInfo {
  const rank = x.shape.length;
  const rows = x.shape[rank - 2] as number;
  const cols = x.shape[rank - 1] as number;
  const matrix = rows * cols;
  const batch = matrix === 0 ? 0 : util.sizeFromShape(x.shape) / matrix;
  const out = backend.makeOutput([...x.shape.slice(0, -2), cols, rows], 'float32');
  const copies = heapCopies(backend);
  for (let i = 0; i < batch; i++) copies.transpose(out, i * matrix, rows, x, i * matrix, cols, rows, cols);
  return out;
}
