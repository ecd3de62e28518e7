import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Cgan,
  CorruptModelError,
  createCgan,
  InvalidOptionError,
  loadModel,
  ModelLoadError,
  readModelManifest,
  saveModel,
} from '../src';
import { float32ToFloat16Bits } from '../src/internal';
import { fixedBatch, maxAbsDiff, withTempDir } from './helpers';
import { useCpuBackend } from './setup-backend';

beforeAll(useCpuBackend);

let model: Cgan;
beforeAll(() => {
  model = createCgan('tiny', { seed: 5 });
});
afterAll(() => model.dispose());

async function weightBytes(dir: string): Promise<number> {
  let total = 0;
  for (const name of await readdir(dir)) {
    const bin = join(dir, name, 'weights.bin');
    total += await stat(bin).then(
      (s) => s.size,
      () => 0,
    );
  }
  return total;
}

describe('float16 conversion', () => {
  it('rounds to nearest even and handles zeros, subnormals and the largest half', () => {
    expect(float32ToFloat16Bits(0)).toBe(0);
    expect(float32ToFloat16Bits(-0)).toBe(0x8000);
    expect(float32ToFloat16Bits(1)).toBe(0x3c00);
    expect(float32ToFloat16Bits(-2)).toBe(0xc000);
    expect(float32ToFloat16Bits(65504)).toBe(0x7bff);
    expect(float32ToFloat16Bits(2 ** -24)).toBe(0x0001); // smallest subnormal
    expect(float32ToFloat16Bits(2 ** -14)).toBe(0x0400); // smallest normal
    expect(float32ToFloat16Bits(2 ** -26)).toBe(0); // below half the smallest subnormal
    // 1 + 2^-11 is halfway between 1 and 1 + 2^-10: ties go to the even mantissa (1).
    expect(float32ToFloat16Bits(1 + 2 ** -11)).toBe(0x3c00);
    expect(float32ToFloat16Bits(1 + 3 * 2 ** -11)).toBe(0x3c02);
    expect(float32ToFloat16Bits(0.1)).toBe(0x2e66);
  });
});

describe('saveModel weights: float16 and uint8', () => {
  it('stores smaller files that load (loadModel and plain tfjs) and stay close to float32', async () => {
    await withTempDir(async (root) => {
      const batch = fixedBatch(2, 28);
      const reference = model.generate(batch.audio);
      const sizes: Record<string, number> = {};
      const errors: Record<string, number> = {};
      for (const weights of ['float32', 'float16', 'uint8'] as const) {
        const dir = join(root, weights);
        await saveModel(model, dir, { weights });
        sizes[weights] = await weightBytes(dir);
        const loaded = await loadModel(dir, { kind: 'cgan' });
        const out = loaded.generate(batch.audio);
        errors[weights] = maxAbsDiff(out, reference);
        // Plain tfjs reads the same files (quantization is a standard weightsManifest feature).
        const json = JSON.parse(await readFile(join(dir, 'generator/model.json'), 'utf8'));
        const plain = await tfl.loadLayersModel(
          tf.io.fromMemory({
            modelTopology: json.modelTopology,
            weightSpecs: json.weightsManifest[0].weights,
            weightData: new Uint8Array(await readFile(join(dir, 'generator/weights.bin'))).buffer,
          }),
        );
        const a = loaded.generator.getWeights();
        const b = plain.getWeights();
        expect(b.length).toBe(a.length);
        for (let i = 0; i < a.length; i++) expect(maxAbsDiff(a[i]!, b[i]!)).toBe(0);
        plain.dispose();
        tf.dispose(out);
        loaded.dispose();
      }
      expect(errors.float32).toBe(0);
      expect(errors.float16).toBeGreaterThan(0);
      expect(errors.float16).toBeLessThan(1e-2);
      expect(errors.uint8).toBeLessThan(0.1);
      expect(sizes.float16).toBe(sizes.float32! / 2);
      expect(sizes.uint8).toBe(sizes.float32! / 4);
      tf.dispose([reference, batch.audio, batch.image]);
    });
  });

  it('refuses an unknown storage, and weights float16 cannot hold', async () => {
    await withTempDir(async (dir) => {
      await expect(saveModel(model, dir, { weights: 'int4' as never })).rejects.toBeInstanceOf(
        InvalidOptionError,
      );
      const big = createCgan('tiny', { seed: 1 });
      const layer = big.generator.layers.find((l) => l.getWeights().length > 0)!;
      layer.setWeights(layer.getWeights().map((w) => tf.fill(w.shape, 1e6)));
      await expect(saveModel(big, join(dir, 'big'), { weights: 'float16' })).rejects.toThrow(/65504/);
      big.dispose();
    });
  });

  it('refuses float16 weights holding NaN or infinity (CorruptModelError)', async () => {
    await withTempDir(async (dir) => {
      await saveModel(model, dir, { weights: 'float16' });
      const bin = join(dir, 'generator/weights.bin');
      const bytes = new Uint8Array(await readFile(bin));
      bytes[1] = 0x7e; // element 0 becomes NaN
      await writeFile(bin, bytes);
      await expect(loadModel(dir)).rejects.toThrow(CorruptModelError);
      await expect(loadModel(dir)).rejects.toThrow(/1 NaN or infinite value \(the first at element 0\)/);
    });
  });
});

describe('model sources: URL objects and file maps', () => {
  it('loads from a file: URL object, and from a ModelFileMap of file: URLs', async () => {
    await withTempDir(async (root) => {
      const dir = join(root, 'a model folder'); // a space: percent-encoded in the URL
      await saveModel(model, dir, { preprocessing: { encoder: {} } });
      const fromUrl = await loadModel(pathToFileURL(`${dir}/`), { kind: 'cgan' });
      fromUrl.dispose();
      const fromString = await loadModel(pathToFileURL(dir).href);
      fromString.dispose();
      const files: Record<string, URL> = {};
      for (const path of [
        'ifa-model.json',
        'generator/model.json',
        'generator/weights.bin',
        'discriminator/model.json',
        'discriminator/weights.bin',
      ]) {
        files[path] = pathToFileURL(join(dir, path));
      }
      const fromMap = await loadModel({ files }, { requirePreprocessing: true });
      expect(fromMap.kind).toBe('cgan');
      expect(fromMap.preprocessing?.version).toBe(1);
      fromMap.dispose();
      // A file the map leaves out reads as missing.
      const { 'generator/weights.bin': _, ...partial } = files;
      await expect(loadModel({ files: partial })).rejects.toThrow(/weights are missing/);
      // A manifest held as a data: URL (what bundlers do with small assets) works as well.
      const manifest = await readFile(join(dir, 'ifa-model.json'));
      const dataUrl = `data:application/json;base64,${manifest.toString('base64')}`;
      expect((await readModelManifest({ files: { ...files, 'ifa-model.json': dataUrl } })).kind).toBe('cgan');
      // An unreadable file: URL is a ModelLoadError.
      await expect(
        readModelManifest({ files: { 'ifa-model.json': pathToFileURL(root) } }),
      ).rejects.toBeInstanceOf(ModelLoadError);
    });
  });
});
