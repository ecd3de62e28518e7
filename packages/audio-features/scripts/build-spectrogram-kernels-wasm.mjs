// Writes src/fft/spectrogram-kernels-wasm.ts: src/fft/spectrogram-kernels.wat (the fused window / |X|^2 / mel-sum loop
// that runs beside PFFFT) compiled to WebAssembly with wabt, as base64, so it loads the same way in Node
// and browsers. Run after editing the .wat:
//   node packages/audio-features/scripts/build-spectrogram-kernels-wasm.mjs
// src/fft/wasm.test.ts checks that the embedded bytes equal a fresh compile of the .wat.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { embedWasmSource } from '../../../scripts/compile-wat.mjs';
import { compileSpectrogramKernelsWat } from './compile-spectrogram-kernels-wat.mjs';

const compiled = await compileSpectrogramKernelsWat();
const source = embedWasmSource(compiled, {
  prefix: 'SPECTROGRAM_KERNELS_WASM',
  from: 'src/fft/spectrogram-kernels.wat',
  script: 'scripts/build-spectrogram-kernels-wasm.mjs',
  what: 'src/fft/spectrogram-kernels.wat',
});
const out = fileURLToPath(new URL('../src/fft/spectrogram-kernels-wasm.ts', import.meta.url));
writeFileSync(out, source);
console.log(`wrote ${out}: ${compiled.wasm.length} bytes of wasm`);
