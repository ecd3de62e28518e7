/**
 * Bad input to loading and generating ends in one typed error with a clear message: non-finite weights
 * and outputs, symbolic links out of a model folder, the manifest's own path, signed URLs, HTTP errors,
 * bad seeds, and batches of any size.
 */
import { mkdir, readFile, rename, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BackendNotRegisteredError,
  CorruptModelError,
  type Cvae,
  createCgan,
  createCvae,
  createModel,
  IfaError,
  InvalidInputError,
  InvalidOptionError,
  loadModel,
  ModelLoadError,
  NonFiniteOutputError,
  saveModel,
  UnsafePathError,
  useFastCpuConvolutionGradients,
} from '../src';
import { runGenerate } from '../src/model';
import { resolveSeed } from '../src/random';
import { fixedBatch, maxAbsDiff, withTempDir } from './helpers';
import { useCpuBackend } from './setup-backend';

beforeAll(useCpuBackend);

let model: Cvae;
beforeAll(() => {
  model = createCvae('tiny', { seed: 3 });
});
afterAll(() => model.dispose());

async function rejection(promise: Promise<unknown>): Promise<IfaError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(IfaError.isInstance(error), String(error)).toBe(true);
  return error as IfaError;
}

/** Same outputs as `model` for a fixed input and seed: the loaded copy is the saved model. */
function expectSameModel(loaded: Cvae | { generate: Cvae['generate']; dispose(): void }) {
  const { audio, image } = fixedBatch(2);
  const a = model.generate(audio, { seed: 4 });
  const b = loaded.generate(audio, { seed: 4 });
  expect(maxAbsDiff(a, b)).toBe(0);
  tf.dispose([a, b, audio, image]);
  loaded.dispose();
}

describe('loadModel: non-finite weights', () => {
  it.each([
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
  ])('weights holding %s throw CorruptModelError naming the file and the weight', async (_, bad) => {
    await withTempDir(async (dir) => {
      await saveModel(model, dir);
      const bin = join(dir, 'decoder/weights.bin');
      const bytes = new Uint8Array(await readFile(bin));
      const floats = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
      floats[5] = bad;
      floats[7] = bad;
      await writeFile(bin, bytes);
      const error = await rejection(loadModel(dir));
      expect(error).toBeInstanceOf(CorruptModelError);
      expect(error.message).toMatch(
        new RegExp(
          `^${dir}: decoder/weights\\.bin holds non-finite weights: ".+" has 2 NaN or infinite values \\(the first at element 5\\)`,
        ),
      );
    });
  });
});

describe('generate: non-finite values', () => {
  it('an output that overflows to Infinity throws NonFiniteOutputError (clipping would have hidden it as white)', () => {
    const cgan = createCgan('tiny', { seed: 1 });
    const last = cgan.generator.layers[cgan.generator.layers.length - 1]!;
    const [kernel, bias] = last.getWeights();
    last.setWeights([kernel!, tf.fill(bias!.shape, Number.POSITIVE_INFINITY)]);
    const { audio, image } = fixedBatch(2);
    const before = tf.memory().numTensors;
    expect(() => cgan.generate(audio)).toThrow(NonFiniteOutputError);
    expect(() => cgan.generate(audio)).toThrow(
      /the cgan model's generate produced 1568 NaN or infinite values out of 1568: the model diverged/,
    );
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([audio, image]);
    cgan.dispose();
  });

  it('NaN in the input throws InvalidInputError, not a NaN image', () => {
    const { audio, image } = fixedBatch(3);
    const nan = tf.tidy(() => tf.concat([audio, tf.fill([1, 28, 28, 1], Number.NaN)], 0)) as tf.Tensor4D;
    expect(() => model.generate(nan, { seed: 1 })).toThrow(InvalidInputError);
    expect(() => model.generate(nan, { seed: 1 })).toThrow(/audio holds 784 NaN or infinite values/);
    tf.dispose([audio, image, nan]);
  });
});

describe('generate: batches of any size', () => {
  it('splits a big batch into passes of maxBatch (default 64); small batches give the same images as before', () => {
    const cgan = createCgan('tiny', { seed: 2 });
    const { audio, image } = fixedBatch(5);
    const whole = cgan.generate(audio);
    const chunked = cgan.generate(audio, { maxBatch: 2 });
    expect(chunked.shape).toEqual([5, 28, 28, 1]);
    expect(maxAbsDiff(whole, chunked)).toBeLessThan(1e-6);
    // With noise: the first maxBatch images keep the caller's seed; later passes get their own noise.
    const a = model.generate(audio, { seed: 9 });
    const b = model.generate(audio, { seed: 9, maxBatch: 3 });
    const c = model.generate(audio, { seed: 9, maxBatch: 3 });
    expect(maxAbsDiff(tf.slice(a, 0, 3), tf.slice(b, 0, 3))).toBe(0);
    expect(maxAbsDiff(b, c)).toBe(0);
    const before = tf.memory().numTensors;
    tf.dispose(model.generate(audio, { seed: 9, maxBatch: 2 }));
    expect(tf.memory().numTensors).toBe(before);
    expect(() => model.generate(audio, { maxBatch: 0 })).toThrow(InvalidOptionError);
    expect(() => model.generate(audio, { maxBatch: 1.5 })).toThrow(/Invalid maxBatch: 1\.5/);
    tf.dispose([whole, chunked, a, b, c, audio, image]);
    cgan.dispose();
  });

  it('refuses more than 2^28 output values in one call before allocating anything', () => {
    const huge = { shape: [400_000, 28, 28, 1] } as unknown as tf.Tensor4D;
    const forward = () => {
      throw new Error('must not run');
    };
    expect(() => runGenerate('cgan', huge, {}, 0, forward, (x) => x as tf.Tensor4D, 784)).toThrow(
      /asked for 400000 images .* at most 342392 images each/,
    );
  });
});

describe('loadModel: local paths', () => {
  it('accepts the path of ifa-model.json itself, as the URL loader does', async () => {
    await withTempDir(async (dir) => {
      await saveModel(model, dir);
      expectSameModel((await loadModel(join(dir, 'ifa-model.json'))) as Cvae);
    });
  });

  it('a missing folder or another file throws ModelLoadError naming the path', async () => {
    await withTempDir(async (dir) => {
      await saveModel(model, join(dir, 'm'));
      const missing = await rejection(loadModel(join(dir, 'nope')));
      expect(missing).toBeInstanceOf(ModelLoadError);
      expect(missing.message).toBe(
        `${join(dir, 'nope')}: no such folder; pass the folder saveModel wrote (or its ifa-model.json).`,
      );
      const file = await rejection(loadModel(join(dir, 'm/decoder/model.json')));
      expect(file).toBeInstanceOf(ModelLoadError);
      expect(file.message).toMatch(/model\.json: is a file, not a model folder/);
      await expect(loadModel('')).rejects.toThrow(InvalidOptionError);
    });
  });

  it('refuses weights.bin linked to a file outside the folder', async () => {
    await withTempDir(async (dir) => {
      const m = join(dir, 'm');
      await saveModel(model, m);
      await mkdir(join(dir, 'elsewhere'));
      await rename(join(m, 'decoder/weights.bin'), join(dir, 'elsewhere/weights.bin'));
      await symlink(join(dir, 'elsewhere/weights.bin'), join(m, 'decoder/weights.bin'));
      const error = await rejection(loadModel(m));
      expect(error).toBeInstanceOf(UnsafePathError);
      expect(error.message).toMatch(
        /refusing path "decoder\/weights\.bin"; it is, or sits under, a symbolic link to .*elsewhere\/weights\.bin, outside the model folder's real path/,
      );
    });
  });

  it('refuses a whole sub-model folder linked from elsewhere', async () => {
    await withTempDir(async (dir) => {
      const m = join(dir, 'm');
      await saveModel(model, m);
      await rename(join(m, 'decoder'), join(dir, 'decoder'));
      await symlink(join(dir, 'decoder'), join(m, 'decoder'), 'dir');
      const error = await rejection(loadModel(m));
      expect(error).toBeInstanceOf(UnsafePathError);
      expect(error.message).toMatch(/"decoder\/model\.json"; it is, or sits under, a symbolic link/);
    });
  });

  it('follows links that stay inside, and a linked model folder itself (checkpoints/latest)', async () => {
    await withTempDir(async (dir) => {
      const m = join(dir, 'epoch-1');
      await saveModel(model, m);
      await mkdir(join(m, 'shared'));
      await rename(join(m, 'decoder/weights.bin'), join(m, 'shared/weights.bin'));
      await symlink('../shared/weights.bin', join(m, 'decoder/weights.bin'));
      await symlink(m, join(dir, 'latest'), 'dir');
      expectSameModel((await loadModel(join(dir, 'latest'))) as Cvae);
    });
  });
});

describe('loadModel over HTTP: signed URLs and errors', () => {
  let server: Server;
  let root = '';
  let baseUrl = '';
  const seen: string[] = [];
  beforeAll(async () => {
    // Serves `root`, but only to requests signed with ?sig=abc; /broken/ answers 500.
    server = createServer(async (request, response) => {
      const url = new URL(request.url!, 'http://x');
      seen.push(url.pathname + url.search);
      if (url.pathname.startsWith('/broken/'))
        return void response.writeHead(500, 'Internal Server Error').end();
      if (url.searchParams.get('sig') !== 'abc') return void response.writeHead(403, 'Forbidden').end();
      try {
        response.writeHead(200).end(await readFile(join(root, decodeURIComponent(url.pathname))));
      } catch {
        response.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('keeps the query string of the folder or manifest URL on every file', async () => {
    await withTempDir(async (dir) => {
      root = dir;
      await saveModel(model, join(dir, 'm'));
      for (const url of [
        `${baseUrl}/m/?sig=abc`,
        `${baseUrl}/m/ifa-model.json?sig=abc`,
        `${baseUrl}/m?sig=abc`,
      ]) {
        seen.length = 0;
        expectSameModel((await loadModel(url)) as Cvae);
        expect(seen).toContain('/m/decoder/weights.bin?sig=abc');
        expect(seen.every((s) => s.endsWith('?sig=abc'))).toBe(true);
      }
    });
  });

  it('an HTTP error throws ModelLoadError naming the URL (without its query) and the status', async () => {
    await withTempDir(async (dir) => {
      root = dir;
      await saveModel(model, join(dir, 'm'));
      const forbidden = await rejection(loadModel(`${baseUrl}/m/?sig=wrong`));
      expect(forbidden).toBeInstanceOf(ModelLoadError);
      expect((forbidden as ModelLoadError).status).toBe(403);
      expect(forbidden.message).toBe(
        `${baseUrl}/m/: GET ${baseUrl}/m/ifa-model.json failed with HTTP 403 Forbidden; the server refused ` +
          'access: check credentials (requestInit) or that a signed URL has not expired.',
      );
      const broken = await rejection(loadModel(`${baseUrl}/broken/`));
      expect(broken).toBeInstanceOf(ModelLoadError);
      expect(broken.message).toMatch(/HTTP 500 Internal Server Error; check the URL/);
      const unreachable = await rejection(
        loadModel(`${baseUrl}/m/`, {
          fetch: () => Promise.reject(new TypeError('fetch failed')),
        }),
      );
      expect(unreachable).toBeInstanceOf(ModelLoadError);
      expect(unreachable.message).toMatch(/could not fetch .*ifa-model\.json \(fetch failed\)/);
    });
  });
});

describe('raw throws from user input are typed', () => {
  it('bad seeds throw InvalidOptionError', () => {
    expect(() => resolveSeed(Number.NaN)).toThrow(InvalidOptionError);
    expect(() => resolveSeed(Number.POSITIVE_INFINITY)).toThrow(
      'Invalid seed: Infinity. Expected a finite number.',
    );
    const { audio, image } = fixedBatch(1);
    expect(() => model.generate(audio, { seed: Number.NaN })).toThrow(InvalidOptionError);
    expect(() => createModel('cvae', 'tiny', { seed: 0.5 })).toThrow(InvalidOptionError);
    tf.dispose([audio, image]);
  });

  it('saveModel to a URL in Node throws InvalidOptionError', async () => {
    const error = await rejection(saveModel(model, 'https://example.com/m/'));
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect(error.message).toMatch(/saveModel destination.*a directory path/);
  });

  it('useFastCpuConvolutionGradients without the cpu kernel throws BackendNotRegisteredError', () => {
    const stock = tf.getKernel('Conv2DBackpropFilter', 'cpu')!;
    tf.unregisterKernel('Conv2DBackpropFilter', 'cpu');
    try {
      expect(() => useFastCpuConvolutionGradients()).toThrow(BackendNotRegisteredError);
      expect(() => useFastCpuConvolutionGradients()).toThrow(/needs the tfjs "cpu" backend/);
    } finally {
      tf.registerKernel(stock);
    }
  });
});
