// Written by scripts/import-model.mjs from the files in ../model/; do not edit by hand.
// One literal `new URL('<path>', import.meta.url)` per file, the form bundlers recognise as an asset.

export const MODEL_FILES: Record<string, URL> = {
  'ifa-model.json': new URL('../model/ifa-model.json', import.meta.url),
  'discriminator/model.json': new URL('../model/discriminator/model.json', import.meta.url),
  'discriminator/weights.bin': new URL('../model/discriminator/weights.bin', import.meta.url),
  'generator/model.json': new URL('../model/generator/model.json', import.meta.url),
  'generator/weights.bin': new URL('../model/generator/weights.bin', import.meta.url),
};
