import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', 'internal/index': 'src/internal/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  // import.meta.url (package versions, cache folders) must also work in the CommonJS build.
  shims: true,
});
