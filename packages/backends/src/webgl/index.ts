import { isSoftwareRendererName } from '../webgpu/adapter-info';

/**
 * WebGL through `@tensorflow/tfjs-backend-webgl`: the GPU route every browser has had for a decade, for
 * browsers without WebGPU. It needs a canvas (a page, or `OffscreenCanvas` in a worker), so in Node it is
 * never available. The package is an optional peer, imported only when this backend is tried.
 */

/** What a WebGL context says about the GPU behind it. */
export interface WebglProbe {
  /** 2 for WebGL 2 (what tfjs prefers), 1 for WebGL 1. */
  version: 1 | 2;
  /** The unmasked renderer string where the browser gives it (e.g. `ANGLE (..., SwiftShader driver)`). */
  renderer: string;
  /** A CPU rasteriser (SwiftShader, llvmpipe, WARP): correct but slower than wasm for our models. */
  isSoftware: boolean;
}

/** A minimal view of the two canvas kinds, so this file type-checks without the DOM's WebGL typings. */
interface CanvasLike {
  getContext(kind: 'webgl2' | 'webgl'): WebglContextLike | null;
}
interface WebglContextLike {
  readonly RENDERER: number;
  getParameter(name: number): unknown;
  getExtension(name: string): unknown;
}

function makeCanvas(): CanvasLike | undefined {
  // OffscreenCanvas also exists in workers, where tfjs-backend-webgl uses it; a page has both.
  if (typeof OffscreenCanvas !== 'undefined') return new OffscreenCanvas(1, 1) as unknown as CanvasLike;
  if (typeof document !== 'undefined') return document.createElement('canvas') as unknown as CanvasLike;
  return undefined;
}

/**
 * Opens a throwaway WebGL context to learn whether WebGL works here and on what. Returns a reason (text)
 * when it does not: no canvas at all (Node), or a browser that refuses a context (WebGL disabled,
 * blocklisted driver).
 */
export function probeWebgl(): WebglProbe | { unavailable: string } {
  const canvas = makeCanvas();
  if (canvas === undefined) return { unavailable: 'WebGL needs a browser (no canvas in this runtime)' };
  let version: 1 | 2 = 2;
  let gl = canvas.getContext('webgl2');
  if (gl === null) {
    version = 1;
    gl = canvas.getContext('webgl');
  }
  if (gl === null) return { unavailable: 'this browser gives no WebGL context (disabled, or no GPU driver)' };
  const debug = gl.getExtension('WEBGL_debug_renderer_info') as { UNMASKED_RENDERER_WEBGL: number } | null;
  const renderer = String(gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? '');
  // Browsers allow only a few live contexts; give this one back now rather than at garbage collection.
  (gl.getExtension('WEBGL_lose_context') as { loseContext(): void } | null)?.loseContext();
  return { version, renderer, isSoftware: isSoftwareRendererName(renderer) };
}
