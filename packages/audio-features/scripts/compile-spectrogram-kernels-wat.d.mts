/** src/fft/spectrogram-kernels.wat compiled with wabt: the bytes, their SHA-256 (hex) and wabt's version. */
export function compileSpectrogramKernelsWat(): Promise<{
  wasm: Uint8Array;
  sha256: string;
  version: string;
}>;
