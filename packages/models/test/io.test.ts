import { readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CorruptModelError,
  type Cvae,
  createCvae,
  createWgan,
  IfaError,
  loadModel,
  ModelKindMismatchError,
  readModelManifest,
  saveModel,
  UnknownModelKindError,
  UnsafePathError,
  UnsupportedFormatVersionError,
} from '../src';
import { FORMAT_VERSION } from '../src/io';
import { fixedBatch, maxAbsDiff, withTempDir } from './helpers';
import { useCpuBackend } from './setup-backend';

beforeAll(useCpuBackend);

let model: Cvae;
beforeAll(() => {
  model = createCvae('tiny');
});
afterAll(() => model.dispose());

async function editJson(path: string, edit: (json: Record<string, unknown>) => void): Promise<void> {
  const json = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
  edit(json);
  await writeFile(path, JSON.stringify(json));
}

async function expectLoadError(dir: string, type: new (...args: never[]) => Error, message: RegExp) {
  const error = await loadModel(dir).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(type);
  expect(error).toBeInstanceOf(IfaError);
  expect((error as Error).message).toMatch(message);
  return error as Error;
}

describe('saveModel', () => {
  it('writes standard tfjs files per sub-model plus ifa-model.json', async () => {
    await withTempDir(async (dir) => {
      const manifest = await saveModel(model, dir, { metadata: { note: 'x' } });
      expect(manifest.models).toEqual({ encoder: 'encoder/model.json', decoder: 'decoder/model.json' });
      const onDisk = JSON.parse(await readFile(join(dir, 'ifa-model.json'), 'utf8'));
      expect(onDisk).toMatchObject({
        format: 'ifa-model',
        formatVersion: FORMAT_VERSION,
        kind: 'cvae',
        packageName: '@ifa/models',
        config: model.config,
        metadata: { note: 'x' },
      });
      expect((await readModelManifest(dir)).kind).toBe('cvae');
      // Each sub-model folder loads with plain tfjs too (file:// needs tfjs-node, so use fromMemory here).
      const json = JSON.parse(await readFile(join(dir, 'decoder/model.json'), 'utf8'));
      const weights = await readFile(join(dir, 'decoder/weights.bin'));
      const decoder = await tfl.loadLayersModel(
        tf.io.fromMemory({
          modelTopology: json.modelTopology,
          weightSpecs: json.weightsManifest[0].weights,
          weightData: new Uint8Array(weights).buffer,
        }),
      );
      expect(decoder.outputs[0]!.shape).toEqual([null, 28, 28, 1]);
      decoder.dispose();
    });
  });

  it('save -> load of a WGAN (custom layers) and the 64 x 64 option round-trips', async () => {
    const wgan = createWgan({
      preset: 'tiny',
      conditioning: 'none',
      imageSize: 64,
      inputHeight: 64,
      inputWidth: 64,
    });
    await withTempDir(async (dir) => {
      await saveModel(wgan, dir);
      const loaded = await loadModel(dir, { kind: 'wgan' });
      const audio = tf.zeros([2, 64, 64, 1]) as tf.Tensor4D;
      const a = wgan.generate(audio, { seed: 3 });
      const b = loaded.generate(audio, { seed: 3 });
      const sa = wgan.critic.predict(a) as tf.Tensor;
      const sb = loaded.critic.predict(a) as tf.Tensor;
      expect(maxAbsDiff(a, b)).toBe(0);
      expect(maxAbsDiff(sa, sb)).toBe(0);
      tf.dispose([audio, a, b, sa, sb]);
      loaded.dispose();
    });
    wgan.dispose();
  });
});

describe('loadModel rejects corrupt folders with typed errors', () => {
  it('truncated weights', async () => {
    await withTempDir(async (dir) => {
      await saveModel(model, dir);
      const bin = join(dir, 'encoder/weights.bin');
      const size = (await readFile(bin)).byteLength;
      await truncate(bin, size - 4);
      await expectLoadError(
        dir,
        CorruptModelError,
        /encoder\/model\.json are \d+ bytes .*needs \d+ .*truncated/,
      );
    });
  });

  it('extra bytes in the weights', async () => {
    await withTempDir(async (dir) => {
      await saveModel(model, dir);
      const bin = join(dir, 'decoder/weights.bin');
      await writeFile(bin, Buffer.concat([await readFile(bin), Buffer.alloc(8)]));
      await expectLoadError(dir, CorruptModelError, /extra data/);
    });
  });

  it('missing weights file', async () => {
    await withTempDir(async (dir) => {
      await saveModel(model, dir);
      await rm(join(dir, 'decoder/weights.bin'));
      await expectLoadError(dir, CorruptModelError, /decoder\/weights\.bin is missing/);
    });
  });

  it('weights that do not match the architecture (a weight dropped from the manifest and the file)', async () => {
    await withTempDir(async (dir) => {
      await saveModel(model, dir);
      const path = join(dir, 'encoder/model.json');
      let dropped = 0;
      await editJson(path, (json) => {
        const group = (json.weightsManifest as Array<{ weights: Array<{ shape: number[] }> }>)[0]!;
        const last = group.weights.pop()!;
        dropped = 4 * last.shape.reduce((a, b) => a * b, 1);
      });
      const bin = join(dir, 'encoder/weights.bin');
      await truncate(bin, (await readFile(bin)).byteLength - dropped);
      await expectLoadError(dir, CorruptModelError, /could not be rebuilt by tfjs/);
    });
  });

  it.each([
    ['../../outside.bin'],
    ['/etc/passwd'],
    ['..\\weights.bin'],
    ['%2e%2e/weights.bin'],
    ['https://example.com/weights.bin'],
  ])('weight path %s escaping the folder', async (evil) => {
    await withTempDir(async (dir) => {
      await saveModel(model, dir);
      await editJson(join(dir, 'decoder/model.json'), (json) => {
        (json.weightsManifest as Array<{ paths: string[] }>)[0]!.paths = [evil];
      });
      const error = await expectLoadError(dir, UnsafePathError, /refusing path/);
      expect((error as UnsafePathError).path).toBe(evil);
    });
  });

  it('sub-model path escaping the folder in ifa-model.json', async () => {
    await withTempDir(async (dir) => {
      await saveModel(model, dir);
      await editJson(join(dir, 'ifa-model.json'), (json) => {
        (json.models as Record<string, string>).encoder = '../encoder/model.json';
      });
      await expectLoadError(dir, UnsafePathError, /\.\.\/encoder/);
    });
  });

  it('unknown kind', async () => {
    await withTempDir(async (dir) => {
      await saveModel(model, dir);
      await editJson(join(dir, 'ifa-model.json'), (json) => {
        json.kind = 'diffusion';
      });
      const error = await expectLoadError(dir, UnknownModelKindError, /unknown model kind "diffusion"/);
      expect((error as UnknownModelKindError).kind).toBe('diffusion');
    });
  });

  it('newer format version', async () => {
    await withTempDir(async (dir) => {
      await saveModel(model, dir);
      await editJson(join(dir, 'ifa-model.json'), (json) => {
        json.formatVersion = FORMAT_VERSION + 1;
      });
      await expectLoadError(dir, UnsupportedFormatVersionError, /formatVersion 2 is not supported/);
    });
  });

  it('invalid config, missing manifest, invalid JSON', async () => {
    await withTempDir(async (dir) => {
      await saveModel(model, dir);
      const manifestPath = join(dir, 'ifa-model.json');
      const good = await readFile(manifestPath, 'utf8');
      await editJson(manifestPath, (json) => {
        (json.config as Record<string, unknown>).latentSize = -3;
      });
      await expectLoadError(dir, CorruptModelError, /invalid config.*latentSize/);
      await writeFile(manifestPath, good.slice(0, 20));
      await expectLoadError(dir, CorruptModelError, /ifa-model\.json is not valid JSON/);
      await rm(manifestPath);
      await expectLoadError(dir, CorruptModelError, /ifa-model\.json is missing/);
    });
  });

  it('config that does not fit the saved sub-models', async () => {
    await withTempDir(async (dir) => {
      await saveModel(model, dir);
      await editJson(join(dir, 'ifa-model.json'), (json) => {
        (json.config as Record<string, unknown>).latentSize = 7;
      });
      await expectLoadError(dir, CorruptModelError, /sub-model "encoder" has shapes .* config .* implies/);
    });
  });

  it('kind mismatch when a kind is requested', async () => {
    await withTempDir(async (dir) => {
      await saveModel(model, dir);
      await expect(loadModel(dir, { kind: 'cgan' })).rejects.toBeInstanceOf(ModelKindMismatchError);
    });
  });
});

describe('loadModel over HTTP', () => {
  let server: Server;
  let root = '';
  let baseUrl = '';
  beforeAll(async () => {
    server = createServer(async (request, response) => {
      // A deliberately naive static server: it would serve ../ paths, so the client must refuse them.
      try {
        const body = await readFile(
          join(root, decodeURIComponent(new URL(request.url!, 'http://x').pathname)),
        );
        response.writeHead(200).end(body);
      } catch {
        response.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('loads a folder from a URL (folder or ifa-model.json) with identical outputs', async () => {
    await withTempDir(async (dir) => {
      root = dir;
      await saveModel(model, join(dir, 'models/cvae'));
      const { audio, image } = fixedBatch(2);
      for (const url of [`${baseUrl}/models/cvae`, `${baseUrl}/models/cvae/ifa-model.json`]) {
        const loaded = await loadModel(url);
        const a = model.generate(audio, { seed: 4 });
        const b = loaded.generate(audio, { seed: 4 });
        expect(maxAbsDiff(a, b)).toBe(0);
        tf.dispose([a, b]);
        loaded.dispose();
      }
      tf.dispose([audio, image]);
    });
  });

  it('refuses traversal paths before fetching them', async () => {
    await withTempDir(async (dir) => {
      root = dir;
      await saveModel(model, join(dir, 'm'));
      await editJson(join(dir, 'm/decoder/model.json'), (json) => {
        (json.weightsManifest as Array<{ paths: string[] }>)[0]!.paths = ['../../m/decoder/weights.bin'];
      });
      await expect(loadModel(`${baseUrl}/m/`)).rejects.toBeInstanceOf(UnsafePathError);
      await expect(loadModel(`${baseUrl}/missing/`)).rejects.toBeInstanceOf(CorruptModelError);
    });
  });
});
