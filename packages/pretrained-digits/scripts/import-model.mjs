#!/usr/bin/env node
/**
 * Copies a trained checkpoint into this package as the shipped model, and writes src/model-files.ts.
 *
 *   node scripts/import-model.mjs <checkpoint-dir> [--weights float32|float16|uint8] [--out <dir>]
 *
 * The checkpoint is loaded and re-saved through @ifa/models (build it first): only the model files are
 * kept (ifa-model.json and one folder per sub-model; never the trainer/ state), a checkpoint from before
 * the typed `preprocessing` record gets one from its metadata.encoder, and `--weights` picks the storage
 * (default float32). With `--out` the model goes to that folder and src/ is left alone (used to measure
 * the storages side by side).
 */
import { chmod, mkdtemp, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { selectBackend } from '@ifa/backends';
import { loadModel, saveModel } from '@ifa/models';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(name);
  return i < 0 ? fallback : args.splice(i, 2)[1];
};
const weights = flag('--weights', 'float32');
const out = flag('--out', null);
const [checkpoint] = args;
if (!checkpoint) {
  console.error(
    'usage: node scripts/import-model.mjs <checkpoint-dir> [--weights float32|float16|uint8] [--out <dir>]',
  );
  process.exit(1);
}

await selectBackend({ prefer: 'cpu', purpose: 'inference', log: null });
const model = await loadModel(resolve(checkpoint), { requirePreprocessing: true });
const target = resolve(out ?? join(packageDir, 'model'));
const temp = await mkdtemp(join(tmpdir(), 'ifa-pretrained-'));
await saveModel(model, temp, { weights, preprocessing: model.preprocessing });
model.dispose();

async function listFiles(dir, base = dir) {
  const files = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await listFiles(path, base)));
    else files.push(relative(base, path).split('\\').join('/'));
  }
  return files.sort((a, b) =>
    a === 'ifa-model.json' ? -1 : b === 'ifa-model.json' ? 1 : a.localeCompare(b),
  );
}
const files = await listFiles(temp);
await rm(target, { recursive: true, force: true });
await rename(temp, target).catch(async () => {
  // Another file system: copy instead.
  const { cp } = await import('node:fs/promises');
  await cp(temp, target, { recursive: true });
  await rm(temp, { recursive: true, force: true });
});

// mkdtemp made the folder private (0700); a package folder is world-readable like the rest.
await chmod(target, 0o755);
let bytes = 0;
for (const file of files) bytes += (await stat(join(target, file))).size;
console.log(`${target}: ${files.length} files, ${(bytes / 1024).toFixed(1)} KiB (weights ${weights})`);

if (!out) {
  const lines = files.map((file) => `  '${file}': new URL('../model/${file}', import.meta.url),`);
  await writeFile(
    join(packageDir, 'src', 'model-files.ts'),
    `// Written by scripts/import-model.mjs from the files in ../model/; do not edit by hand.
// One literal \`new URL('<path>', import.meta.url)\` per file, the form bundlers recognise as an asset.

export const MODEL_FILES: Record<string, URL> = {
${lines.join('\n')}
};
`,
  );
  console.log('wrote src/model-files.ts');
}
