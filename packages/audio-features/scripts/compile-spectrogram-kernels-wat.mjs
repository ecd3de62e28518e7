// Compiles src/fft/spectrogram-kernels.wat with wabt (a devDependency): shared by the build script and the test
// that checks the embedded bytes are current.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import wabtInit from 'wabt';

export async function compileSpectrogramKernelsWat() {
  const path = fileURLToPath(new URL('../src/fft/spectrogram-kernels.wat', import.meta.url));
  const wabt = await wabtInit();
  const module = wabt.parseWat('spectrogram-kernels.wat', readFileSync(path, 'utf8'), { simd: true });
  try {
    module.validate();
    const { buffer } = module.toBinary({ log: false, write_debug_names: false });
    const wasm = Uint8Array.from(buffer);
    const sha256 = createHash('sha256').update(wasm).digest('hex');
    const { version } = createRequire(import.meta.url)('wabt/package.json');
    return { wasm, sha256, version };
  } finally {
    module.destroy();
  }
}
