// Writes src/random/alea-normal-wasm.ts: src/random/alea-normal.wat (tfjs's seeded normal draws, Alea in
// integers) compiled with wabt, as base64, so it loads the same way in Node and browsers. Run after editing
// the .wat:
//   node packages/models/scripts/build-alea-normal-wasm.mjs
// src/random/random.test.ts checks that the embedded bytes equal a fresh compile of the .wat.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compileWat, embedWasmSource } from '../../../scripts/compile-wat.mjs';

export const ALEA_NORMAL_WAT = fileURLToPath(new URL('../src/random/alea-normal.wat', import.meta.url));

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const compiled = await compileWat(ALEA_NORMAL_WAT);
  const source = embedWasmSource(compiled, {
    prefix: 'ALEA_NORMAL_WASM',
    from: 'src/random/alea-normal.wat',
    script: 'scripts/build-alea-normal-wasm.mjs',
    what: 'src/random/alea-normal.wat',
  });
  const out = fileURLToPath(new URL('../src/random/alea-normal-wasm.ts', import.meta.url));
  writeFileSync(out, source);
  console.log(`wrote ${out}: ${compiled.wasm.length} bytes of wasm`);
}
