import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', 'internal/index': 'src/internal/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  // import.meta.url (wasm file locations, worker scripts) must also work in the CommonJS build.
  shims: true,
  // tfjs-core's gradient registrations exist only as ESM files inside the package: bundle them (see
  // src/gradients/index.ts for why).
  noExternal: [/^@tensorflow\/tfjs-core\/dist\/register_all_gradients/],
});
