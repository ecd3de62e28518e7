import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import projects from './vitest.workspace';

const packagesDir = fileURLToPath(new URL('./packages/', import.meta.url));

export default defineConfig({
  resolve: {
    // Tests exercise the source of every workspace package, never a stale `dist/`.
    alias: [
      { find: /^@ifa\/([a-z-]+)$/, replacement: `${packagesDir}$1/src/index.ts` },
      { find: /^@ifa\/([a-z-]+)\/([a-z-]+)$/, replacement: `${packagesDir}$1/src/$2/index.ts` },
    ],
  },
  test: {
    projects,
    // tfjs on the pure-JS backends is slow on 2 cores; individual slow tests set their own budget.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
