import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  bandStatistics,
  decodeWav,
  normaliseBands,
  SpectrogramEncoder,
  WavFormatError,
} from '@ifa/audio-features';
import { selectBackend } from '@ifa/backends';
import { createCgan, createCvae, loadModel, saveModel } from '@ifa/models';
import * as tf from '@tensorflow/tfjs-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidOptionError, loadPainter, MissingPreprocessingError, type Painter, toRgba } from '../src';
import { toPng } from '../src/node';

const fixtures = fileURLToPath(new URL('../../audio-features/src/__fixtures__/fsdd/', import.meta.url));
const WAVS = ['7_jackson_32.wav', '0_george_0.wav', '5_nicolas_12.wav', '9_yweweler_3.wav'];

let root: string;
let cganDir: string;
let cvaeDir: string;
let bare: string;
let legacy: string;
let wavs: Uint8Array[];

beforeAll(async () => {
  await selectBackend({ prefer: 'cpu', purpose: 'inference', log: null });
  root = await mkdtemp(join(tmpdir(), 'ifa-painter-'));
  // Tiny stand-in models (not trained): what matters here is that every path computes the same thing.
  const cgan = createCgan('tiny', { seed: 11 });
  cganDir = join(root, 'cgan');
  await saveModel(cgan, cganDir, { preprocessing: { encoder: {} } });
  bare = join(root, 'bare');
  await saveModel(cgan, bare);
  legacy = join(root, 'legacy');
  await saveModel(cgan, legacy, { metadata: { encoder: { topDb: 60 } } });
  cgan.dispose();
  const cvae = createCvae('tiny', { seed: 12 });
  cvaeDir = join(root, 'cvae');
  await saveModel(cvae, cvaeDir, { preprocessing: { encoder: {} } });
  cvae.dispose();
  wavs = await Promise.all(WAVS.map(async (name) => new Uint8Array(await readFile(join(fixtures, name)))));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('loadPainter', () => {
  let painter: Painter;
  beforeAll(async () => {
    painter = await loadPainter(cganDir, { backend: 'cpu' });
  });
  afterAll(() => painter.dispose());

  it('one call equals the step-by-step path (encode, tensor, generate) exactly', async () => {
    const image = await painter.fromWav(wavs[0]!);
    expect(image).toMatchObject({ width: 28, height: 28, channels: 1 });
    expect(image.data).toBeInstanceOf(Float32Array);

    // The same steps by hand, with the stored preprocessing and a separately loaded model.
    const model = await loadModel(cganDir);
    const spectrogram = new SpectrogramEncoder(model.preprocessing!.encoder).encodeAudio(decodeWav(wavs[0]!));
    const audio = tf.tensor4d(spectrogram.data, [1, spectrogram.height, spectrogram.width, 1]);
    const generated = model.generate(audio, { seed: 0 });
    const expected = await generated.data();
    tf.dispose([audio, generated]);
    model.dispose();
    expect(image.data).toEqual(expected);
    expect(painter.preprocessing.encoder).toEqual(new SpectrogramEncoder().config);
    expect(painter.backend).toBe('cpu');
    expect(painter.backendSelection?.backend).toBe('cpu');
    expect(painter.hasNoise).toBe(false);
    expect(painter.imageShape).toEqual({ width: 28, height: 28, channels: 1 });
  });

  it('fromSamples, fromAudio, an ArrayBuffer and a batch give the same pixels as fromWav', async () => {
    const single = await Promise.all(wavs.map((wav) => painter.fromWav(wav)));
    const decoded = decodeWav(wavs[0]!);
    expect((await painter.fromSamples(decoded.channelData[0]!, decoded.sampleRate)).data).toEqual(
      single[0]!.data,
    );
    const buffer = wavs[0]!.buffer.slice(wavs[0]!.byteOffset, wavs[0]!.byteOffset + wavs[0]!.byteLength);
    expect((await painter.fromWav(buffer as ArrayBuffer)).data).toEqual(single[0]!.data);
    const batch = await painter.fromWavs(wavs);
    expect(batch).toHaveLength(wavs.length);
    const fromAudio = await painter.fromAudio(wavs.map((wav) => decodeWav(wav)));
    for (let i = 0; i < wavs.length; i++) {
      // One forward pass of four or four of one: the same convolutions, so within float rounding.
      const a = batch[i]!.data;
      const b = single[i]!.data;
      expect(Math.max(...a.map((v, j) => Math.abs(v - b[j]!)))).toBeLessThan(1e-5);
      expect(fromAudio[i]!.data).toEqual(batch[i]!.data);
    }
    expect(await painter.fromWavs([])).toEqual([]);
  });

  it('count gives that many pictures per recording (all equal for the noise-free CGAN)', async () => {
    const pictures = await painter.fromWav(wavs[1]!, { count: 3 });
    expect(pictures).toHaveLength(3);
    expect(pictures[2]!.data).toEqual(pictures[0]!.data);
    const grouped = await painter.fromWavs(wavs.slice(0, 2), { count: 2 });
    expect(grouped.map((g) => g.length)).toEqual([2, 2]);
  });

  it('typed errors: bad count or seed, bytes that are not a WAV, a disposed painter', async () => {
    await expect(painter.fromWav(wavs[0]!, { count: 0 })).rejects.toBeInstanceOf(InvalidOptionError);
    await expect(painter.fromWav(wavs[0]!, { seed: 0.5 })).rejects.toBeInstanceOf(InvalidOptionError);
    await expect(painter.fromWav(new Uint8Array([1, 2, 3]))).rejects.toBeInstanceOf(WavFormatError);
    await expect(painter.fromWav('seven.wav' as never)).rejects.toBeInstanceOf(InvalidOptionError);
    const other = await loadPainter(cganDir, { backend: 'current' });
    other.dispose();
    await expect(other.fromWav(wavs[0]!)).rejects.toThrow(/disposed/);
  });

  it('toRgba and toPng turn a picture into canvas pixels and a PNG file', async () => {
    const image = await painter.fromWav(wavs[0]!);
    const rgba = toRgba(image);
    expect(rgba).toHaveLength(28 * 28 * 4);
    const png = PNG.sync.read(Buffer.from(toPng(image)));
    expect([png.width, png.height]).toEqual([28, 28]);
    for (const i of [0, 300, 783]) {
      const grey = Math.round(Math.min(1, Math.max(0, image.data[i]!)) * 255);
      expect(png.data[4 * i]).toBe(grey);
      expect(rgba[4 * i]).toBe(grey);
      expect(rgba[4 * i + 3]).toBe(255);
    }
  });
});

describe('loadPainter: preprocessing', () => {
  it('a model without a record throws MissingPreprocessingError, unless options.preprocessing gives one', async () => {
    await expect(loadPainter(bare, { backend: 'cpu' })).rejects.toBeInstanceOf(MissingPreprocessingError);
    const painter = await loadPainter(bare, { backend: 'cpu', preprocessing: { encoder: { topDb: 60 } } });
    expect(painter.preprocessing.encoder.topDb).toBe(60);
    painter.dispose();
  });

  it('an old checkpoint (metadata.encoder) paints with its own encoder config', async () => {
    const painter = await loadPainter(legacy, { backend: 'cpu' });
    expect(painter.preprocessing).toEqual({
      version: 1,
      encoder: { ...new SpectrogramEncoder().config, topDb: 60 },
    });
    expect((await painter.fromWav(wavs[0]!)).data).toHaveLength(784);
    painter.dispose();
  });
});

describe('loadPainter: a model with noise', () => {
  it('seed and count: reproducible, and different noise per picture', async () => {
    const painter = await loadPainter(cvaeDir, { backend: 'cpu' });
    expect(painter.hasNoise).toBe(true);
    const [a, b, c] = await painter.fromWav(wavs[0]!, { count: 3, seed: 4 });
    const again = await painter.fromWav(wavs[0]!, { count: 3, seed: 4 });
    expect(again[0]!.data).toEqual(a!.data);
    expect(b!.data).not.toEqual(a!.data);
    expect(c!.data).not.toEqual(b!.data);
    const other = await painter.fromWav(wavs[0]!, { seed: 5 });
    expect(other.data).not.toEqual(a!.data);
    // The default seed is 0: the same recording always gives the same picture.
    expect((await painter.fromWav(wavs[0]!)).data).toEqual((await painter.fromWav(wavs[0]!)).data);
    painter.dispose();
  });
});

describe('loadPainter: a model trained with speaker normalisation', () => {
  it("maps each recording from the voice's band statistics to the model's reference before the model", async () => {
    const encoder = new SpectrogramEncoder();
    const height = encoder.shape.height;
    const speakerNormalisation = {
      referenceBandMeans: Array.from({ length: height }, (_, r) => 0.2 + r / 100),
      referenceBandStds: Array.from({ length: height }, (_, r) => 0.1 + r / 200),
    };
    const dir = join(root, 'cgan-speakers');
    const cgan = createCgan('tiny', { seed: 11 });
    await saveModel(cgan, dir, { preprocessing: { encoder: {}, speakerNormalisation } });
    cgan.dispose();
    const painter = await loadPainter(dir, { backend: 'cpu' });
    const plain = await loadPainter(cganDir, { backend: 'cpu' });
    try {
      expect(painter.preprocessing.speakerNormalisation).toEqual(speakerNormalisation);
      const audio = wavs.map((wav) => decodeWav(wav));
      const voice = painter.voiceProfile(audio);
      expect(voice.means).toHaveLength(height);
      // By hand: the encoded recording mapped to the reference, painted by the model without the record.
      const reference = {
        means: speakerNormalisation.referenceBandMeans,
        stds: speakerNormalisation.referenceBandStds,
      };
      const image = encoder.encodeAudio(audio[0]!);
      for (const [profile, label] of [
        [voice, 'the voice of four recordings'],
        [bandStatistics({ data: image.data, height, width: image.width }), 'the recording alone'],
      ] as const) {
        const mapped = { data: Float32Array.from(image.data), height, width: image.width };
        normaliseBands(mapped, profile, reference);
        const want = await plain.fromSpectrograms([{ ...image, data: mapped.data }]);
        const got = await painter.fromWav(wavs[0]!, label === 'the recording alone' ? {} : { voice });
        expect(got.data, label).toEqual(want[0]!.data);
      }
      // The voice changes the picture: a different voice profile, a different input.
      const other = await painter.fromWav(wavs[0]!, { voice: painter.voiceProfile([audio[1]!]) });
      expect(other.data).not.toEqual((await painter.fromWav(wavs[0]!, { voice })).data);
      // A model without the record ignores the voice.
      expect((await plain.fromWav(wavs[0]!, { voice })).data).toEqual((await plain.fromWav(wavs[0]!)).data);
      expect(() => painter.voiceProfile([])).toThrow(InvalidOptionError);
      await expect(painter.fromWav(wavs[0]!, { voice: { means: [0], stds: [1] } })).rejects.toThrow(
        /from.means/,
      );
    } finally {
      painter.dispose();
      plain.dispose();
    }
  });
});

describe('loadPainter: the heard option of a model that hears the digit', () => {
  it("passes heard to generate: 'most-likely' draws the most likely digit, the CGAN ignores it", async () => {
    const dir = join(root, 'cvae-class');
    const model = createCvae(
      { preset: 'recommended', filters: 4, hiddenUnits: 16, latentSize: 3 },
      { seed: 13 },
    );
    await saveModel(model, dir, { preprocessing: { encoder: {} } });
    model.dispose();
    const painter = await loadPainter(dir, { backend: 'cpu' });
    const cgan = await loadPainter(cganDir, { backend: 'cpu' });
    try {
      const image = painter.encoder.encodeAudio(decodeWav(wavs[0]!));
      const byHand = tf.tidy(() =>
        painter.model
          .generate(tf.tensor4d(image.data, [1, image.height, image.width, 1]), {
            seed: 0,
            heard: 'most-likely',
          })
          .dataSync(),
      );
      const mostLikely = await painter.fromWav(wavs[0]!, { heard: 'most-likely' });
      expect(mostLikely.data).toEqual(Float32Array.from(byHand));
      // The untrained classifier is unsure, so the blend (the default) is another picture.
      expect((await painter.fromWav(wavs[0]!)).data).not.toEqual(mostLikely.data);
      expect((await cgan.fromWav(wavs[0]!, { heard: 'most-likely' })).data).toEqual(
        (await cgan.fromWav(wavs[0]!)).data,
      );
      await expect(painter.fromWav(wavs[0]!, { heard: 'argmax' as never })).rejects.toThrow(
        InvalidOptionError,
      );
    } finally {
      painter.dispose();
      cgan.dispose();
    }
  });
});
