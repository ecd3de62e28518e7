import { readdir, readFile, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { selectBackend } from '@ifa/backends';
import { type AnyIfaModel, createCgan, loadModel, readModelManifest, saveModel } from '@ifa/models';
import { loadPainter } from '@ifa/painter';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { PRETRAINED_MODELS, pretrainedDigits } from '../src';
import { describePretrained } from '../src/descriptor';
import { withTempDir } from './helpers';

const FILES = [
  'ifa-model.json',
  'discriminator/model.json',
  'discriminator/weights.bin',
  'generator/model.json',
  'generator/weights.bin',
];
const sampleDir = fileURLToPath(new URL('../../paired-dataset/sample/fsdd/recordings/', import.meta.url));
const wavPath = fileURLToPath(
  new URL('../../audio-features/src/__fixtures__/fsdd/7_jackson_32.wav', import.meta.url),
);

/** Serves `root` on 127.0.0.1 (GET only, 404 for anything missing); resolves to its base URL. */
function serve(root: string): Promise<{ server: Server; url: string }> {
  const server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url!, 'http://x').pathname);
    try {
      const body = await readFile(join(root, path));
      response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` }),
    ),
  );
}

/** The images a model draws for a fixed ramp of spectrograms. */
async function outputs(model: AnyIfaModel): Promise<Float32Array> {
  const audio = tf.tidy(() => tf.reshape(tf.linspace(0, 1, 2 * 28 * 28), [2, 28, 28, 1])) as tf.Tensor4D;
  const image = model.generate(audio, { seed: 1 });
  const data = (await image.data()) as Float32Array;
  tf.dispose([audio, image]);
  return data;
}

/** Loads the same model from a folder path, a file map and an HTTP URL; all three must agree exactly. */
async function roundTrip(folder: string, map: Parameters<typeof loadModel>[0]) {
  const { server, url } = await serve(folder);
  try {
    const fromFolder = await loadModel(folder, { requirePreprocessing: true });
    const fromMap = await loadModel(map, { requirePreprocessing: true });
    const fromHttp = await loadModel(url, { requirePreprocessing: true });
    const reference = await outputs(fromFolder);
    expect(await outputs(fromMap)).toEqual(reference);
    expect(await outputs(fromHttp)).toEqual(reference);
    expect(fromMap.preprocessing).toEqual(fromFolder.preprocessing);
    expect(fromHttp.preprocessing).toEqual(fromFolder.preprocessing);
    expect(fromHttp.config).toEqual(fromFolder.config);
    const kind = fromFolder.kind;
    for (const m of [fromFolder, fromMap, fromHttp]) m.dispose();
    return kind;
  } finally {
    server.close();
  }
}

beforeAll(async () => {
  await selectBackend({ prefer: 'cpu', purpose: 'inference', log: null });
});

describe('describePretrained (with a tiny stand-in model in a temp folder)', () => {
  it('a file map of the folder loads like the folder and like its URL on 127.0.0.1', async () => {
    await withTempDir(async (dir) => {
      const model = createCgan('tiny', { seed: 9 });
      await saveModel(model, dir, { preprocessing: { encoder: {} } });
      model.dispose();
      const files = Object.fromEntries(FILES.map((f) => [f, pathToFileURL(join(dir, f))]));
      const standIn = describePretrained({
        name: 'stand-in',
        kind: 'cgan',
        description: 'untrained, for tests',
        license: 'MIT',
        files,
      });
      expect(fileURLToPath(standIn.folder)).toBe(`${dir}/`);
      expect(standIn.location).toBe(files['ifa-model.json']!.href);
      expect(Object.isFrozen(standIn)).toBe(true);
      expect(await roundTrip(dir, standIn)).toBe('cgan');
      const painter = await loadPainter(standIn, { backend: 'current' });
      expect((await painter.fromWav(await readFile(wavPath))).data).toHaveLength(28 * 28);
      painter.dispose();
    });
  });

  it('refuses a descriptor without ifa-model.json', () => {
    expect(() =>
      describePretrained({ name: 'x', kind: 'cgan', description: '', license: 'MIT', files: {} }),
    ).toThrow(/no ifa-model.json/);
  });
});

describe('pretrainedDigits (the shipped model)', () => {
  const folder = fileURLToPath(pretrainedDigits.folder);

  it('lists every file of model/, each inside this package, and nothing of the trainer state', async () => {
    expect(Object.keys(pretrainedDigits.files).sort()).toEqual([...FILES].sort());
    for (const [path, url] of Object.entries(pretrainedDigits.files)) {
      expect(url.protocol).toBe('file:');
      expect(fileURLToPath(url)).toBe(join(folder, path));
      expect((await stat(url)).isFile()).toBe(true);
    }
    await expect(stat(join(folder, 'trainer'))).rejects.toMatchObject({ code: 'ENOENT' });
    expect(PRETRAINED_MODELS.digits).toBe(pretrainedDigits);
  });

  it('is a CGAN small with a version-1 preprocessing record', async () => {
    const manifest = await readModelManifest(pretrainedDigits);
    expect(manifest.kind).toBe('cgan');
    expect((manifest.config as { preset?: string }).preset).toBe('small');
    expect(manifest.preprocessing?.version).toBe(1);
    expect(manifest.preprocessing?.encoder).toMatchObject({ sampleRate: 8000, nMels: 28, nFrames: 28 });
  });

  it('round-trips through loadModel from its folder, its file map and a URL on 127.0.0.1', async () => {
    expect(await roundTrip(folder, pretrainedDigits)).toBe('cgan');
  });

  it('stores its weights as uint8 (the smallest storage within 0.5 points of float32; see the README)', async () => {
    const json = JSON.parse(await readFile(join(folder, 'generator/model.json'), 'utf8'));
    const specs = json.weightsManifest[0].weights as { quantization?: { dtype: string } }[];
    expect(new Set(specs.map((w) => w.quantization?.dtype))).toEqual(new Set(['uint8']));
  });

  it("paints digits the project's judge reads: the sample's 7_jackson_2, and 8 of its 10 test takes", async () => {
    // The judge of @ifa/evaluate as a plain tfjs model (scripts/fixtures/digit-judge, see its README).
    const judgeDir = fileURLToPath(new URL('../../../scripts/fixtures/digit-judge/', import.meta.url));
    const json = JSON.parse(await readFile(join(judgeDir, 'model.json'), 'utf8'));
    const judge = await tfl.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: json.modelTopology,
        weightSpecs: json.weightsManifest[0].weights,
        weightData: new Uint8Array(await readFile(join(judgeDir, 'weights.bin'))).buffer,
      }),
    );
    const files = (await readdir(sampleDir)).filter((f) => /^\d_[a-z]+_[0-4]\.wav$/.test(f)).sort();
    expect(files).toHaveLength(10);
    const painter = await loadPainter(pretrainedDigits, { backend: 'current' });
    const images = await painter.fromWavs(await Promise.all(files.map((f) => readFile(join(sampleDir, f)))));
    painter.dispose();
    const input = tf.tensor4d(Float32Array.from(images.flatMap((image) => [...image.data])), [
      images.length,
      28,
      28,
      1,
    ]);
    const probabilities = judge.predict(input) as tf.Tensor;
    const read = Array.from(await tf.argMax(probabilities, 1).data());
    tf.dispose([input, probabilities]);
    judge.dispose();
    const spoken = files.map((f) => Number(f[0]));
    expect(read[spoken.indexOf(7)]).toBe(7);
    // 95.7% of all 300 test takes are read right; of these ten, 8 (1_jackson_1 reads 9, 3_nicolas_3 reads 2).
    expect(read.filter((digit, i) => digit === spoken[i]).length).toBeGreaterThanOrEqual(8);
  });
});
