// Writes src/wasm-training/heap-kernels-wasm.ts: src/wasm-training/heap-kernels.wat (loops over
// tfjs-backend-wasm's heap) compiled with wabt, twice: importing a shared memory (the threaded build's
// heap) and a plain one (the single-threaded SIMD build's). Run after editing the .wat:
//   node packages/backends/scripts/build-heap-kernels-wasm.mjs
// src/wasm-training/heap-kernels.test.ts checks that the embedded bytes equal a fresh compile.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compileWat, embedWasmSource } from '../../../scripts/compile-wat.mjs';

export const HEAP_KERNELS_WAT = fileURLToPath(
  new URL('../src/wasm-training/heap-kernels.wat', import.meta.url),
);

/** The .wat imports `(memory 1)`; the threaded heap is shared, and a shared memory must declare its maximum (tfjs's: 4 GiB). */
export const IMPORTED_MEMORY = '(import "env" "memory" (memory 1))';
export const SHARED_MEMORY = '(import "env" "memory" (memory 1 65536 shared))';

export async function compileHeapKernels() {
  const plain = await compileWat(HEAP_KERNELS_WAT);
  const shared = await compileWat(HEAP_KERNELS_WAT, {
    threads: true,
    transform: (text) => {
      if (!text.includes(IMPORTED_MEMORY)) throw new Error(`heap-kernels.wat must import ${IMPORTED_MEMORY}`);
      return text.replace(IMPORTED_MEMORY, SHARED_MEMORY);
    },
  });
  return { plain, shared };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { plain, shared } = await compileHeapKernels();
  const from = 'src/wasm-training/heap-kernels.wat';
  const script = 'scripts/build-heap-kernels-wasm.mjs';
  const source = [
    embedWasmSource(plain, {
      prefix: 'HEAP_KERNELS_WASM',
      from,
      script,
      what: `${from}, importing a plain memory,`,
    }),
    embedWasmSource(shared, {
      prefix: 'HEAP_KERNELS_SHARED_WASM',
      from,
      script,
      what: `${from}, importing a shared memory,`,
    })
      .split('\n')
      .slice(2)
      .join('\n'),
  ].join('\n');
  const out = fileURLToPath(new URL('../src/wasm-training/heap-kernels-wasm.ts', import.meta.url));
  writeFileSync(out, source);
  console.log(`wrote ${out}: ${plain.wasm.length} and ${shared.wasm.length} bytes of wasm`);
}
