/** src/fft/mel-frames.wat compiled with wabt: the bytes, their SHA-256 (hex) and wabt's version. */
export function compileMelFramesWat(): Promise<{ wasm: Uint8Array; sha256: string; version: string }>;
