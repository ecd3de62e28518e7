import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));
const packagesDir = join(here, '..', '..', 'packages');
const wasmDir = join(
  dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/package.json')),
  'dist',
);
const judgeDir = join(here, '..', '..', 'scripts', 'fixtures', 'digit-judge');

/**
 * Files the page fetches by a fixed name, next to index.html: the tfjs wasm binaries (tfjs-backend-wasm
 * looks for them by name under the prefix given to `setWasmPaths`) and the digit reader (the project's
 * judge as a plain tfjs model). Served with the page, so nothing comes from a CDN and the page works offline
 * once loaded.
 */
export const STATIC_FILES: Readonly<Record<string, string>> = {
  'wasm/tfjs-backend-wasm.wasm': join(wasmDir, 'tfjs-backend-wasm.wasm'),
  'wasm/tfjs-backend-wasm-simd.wasm': join(wasmDir, 'tfjs-backend-wasm-simd.wasm'),
  'wasm/tfjs-backend-wasm-threaded-simd.wasm': join(wasmDir, 'tfjs-backend-wasm-threaded-simd.wasm'),
  'judge/model.json': join(judgeDir, 'model.json'),
  'judge/weights.bin': join(judgeDir, 'weights.bin'),
};

function staticFiles(): Plugin {
  return {
    name: 'ifa-web-demo-static-files',
    generateBundle() {
      for (const [fileName, path] of Object.entries(STATIC_FILES)) {
        this.emitFile({ type: 'asset', fileName, source: readFileSync(path) });
      }
    },
  };
}

export default defineConfig(({ mode }) => ({
  // Relative URLs: the built folder works from any path on any static server.
  base: './',
  plugins: [staticFiles()],
  resolve: {
    // The browser test builds the page from the packages' src/ (as vitest tests them), never a stale dist/.
    alias:
      mode === 'source'
        ? [
            { find: /^@ifa\/([a-z-]+)$/, replacement: `${packagesDir}/$1/src/index.ts` },
            { find: /^@ifa\/([a-z-]+)\/([a-z-]+)$/, replacement: `${packagesDir}/$1/src/$2/index.ts` },
          ]
        : [],
  },
  build: {
    target: 'es2022',
    // Every model file stays a file of its own (no data: URLs), as a user's bundle would have it.
    assetsInlineLimit: 0,
    // tfjs-core, tfjs-layers and the wasm backend are about 650 kB minified, and the page needs all of them
    // before it can draw anything: splitting them would only add requests.
    chunkSizeWarningLimit: 800,
    rolldownOptions: {
      // Dawn, the Node binding of WebGPU that @ifa/backends imports only in Node: browsers have their own.
      external: ['webgpu'],
      onLog(level, log, handler) {
        // Two expected notices, silenced so a real warning stands out: @ifa/backends' Dawn preflight
        // imports Node built-ins (it runs only in Node, never in this page), and tfjs packages are
        // imported both statically (here) and dynamically (by the backend loaders).
        const expected =
          log.code === 'INEFFECTIVE_DYNAMIC_IMPORT' ||
          /externalized for browser compatibility, imported by "[^"]*\/backends\//.test(log.message);
        if (level === 'warn' && expected) return;
        handler(level, log);
      },
    },
  },
}));
