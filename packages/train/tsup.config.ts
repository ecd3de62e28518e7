import { defineConfig } from 'tsup';

export default defineConfig({
  // `cli` is the `ifa` bin (package.json "bin"); the shebang banner lets npm's bin link run it with node.
  // A hashbang line is also valid at the top of the library files, so one config serves both.
  entry: { index: 'src/index.ts', cli: 'src/cli/bin.ts' },
  format: ['esm', 'cjs'],
  dts: { entry: { index: 'src/index.ts' } },
  sourcemap: true,
  clean: true,
  target: 'es2022',
  // import.meta.url (package versions) must also work in the CommonJS build.
  shims: true,
  // tfjs-core's gradient registrations exist only as ESM files inside the package: bundle them (see
  // src/gradients/index.ts for why).
  noExternal: [/^@tensorflow\/tfjs-core\/dist\/register_all_gradients/],
  banner: { js: '#!/usr/bin/env node' },
});
