// Compiles src/fft/spectrogram-kernels.wat with wabt (the repository's scripts/compile-wat.mjs): shared by
// the build script and the test that checks the embedded bytes are current.
import { fileURLToPath } from 'node:url';
import { compileWat } from '../../../scripts/compile-wat.mjs';

export function compileSpectrogramKernelsWat() {
  return compileWat(fileURLToPath(new URL('../src/fft/spectrogram-kernels.wat', import.meta.url)));
}
