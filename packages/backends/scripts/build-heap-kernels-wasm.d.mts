import type { CompiledWat } from '../../../scripts/compile-wat.d.mts';

export const HEAP_KERNELS_WAT: string;
export const IMPORTED_MEMORY: string;
export const SHARED_MEMORY: string;
/** heap-kernels.wat compiled twice: importing a plain memory and a shared one. */
export function compileHeapKernels(): Promise<{ plain: CompiledWat; shared: CompiledWat }>;
