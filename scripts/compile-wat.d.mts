export interface CompiledWat {
  wasm: Uint8Array;
  sha256: string;
  version: string;
}
/**
 * A .wat file compiled with wabt: the bytes, their SHA-256 (hex) and wabt's version. `transform` rewrites
 * the text first; `threads` allows a shared memory (then the JavaScript engine validates the module).
 */
export function compileWat(
  path: string,
  options?: { transform?: (text: string) => string; threads?: boolean },
): Promise<CompiledWat>;
export function embedWasmSource(
  compiled: CompiledWat,
  options: { prefix: string; from: string; script: string; what: string },
): string;
