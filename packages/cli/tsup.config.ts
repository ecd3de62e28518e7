import { defineConfig } from 'tsup';

export default defineConfig({
  // `cli` is the `ifa` bin (package.json "bin"); the shebang banner lets npm's bin link run it with node.
  // A hashbang line is also valid at the top of the library entry, so one config serves both.
  entry: { index: 'src/index.ts', cli: 'src/bin.ts' },
  format: ['esm', 'cjs'],
  dts: { entry: { index: 'src/index.ts' } },
  sourcemap: true,
  clean: true,
  target: 'es2022',
  shims: true,
  banner: { js: '#!/usr/bin/env node' },
});
