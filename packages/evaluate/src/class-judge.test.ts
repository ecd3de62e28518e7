import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { selectBackend } from '@ifa/backends';
import { InvalidOptionError } from '@ifa/core';
import { mulberry32 } from '@ifa/core/internal';
import type { IfaModel } from '@ifa/models';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateGenerator } from './evaluate';
import { formatReport } from './format';
import {
  type ClassImageSet,
  classJudgeDefaults,
  imageSetTensor,
  JUDGE_DEFAULTS,
  loadOrTrainClassJudge,
} from './judge';
import { validateReport } from './schema';

const COLOURS: [number, number, number][] = [
  [220, 40, 40],
  [40, 200, 60],
  [40, 60, 220],
  [230, 220, 40],
  [200, 40, 210],
];
const CLASSES = ['red', 'green', 'blue', 'yellow', 'magenta'];
const SIZE = 64;

/** `perClass` noisy 64x64 RGB pictures of each solid colour, with a darker square somewhere. */
function colourSet(perClass: number, seed: number): ClassImageSet {
  const random = mulberry32(seed);
  const count = perClass * COLOURS.length;
  const images = new Uint8Array(count * SIZE * SIZE * 3);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const label = i % COLOURS.length;
    labels[i] = label;
    const [x0, y0] = [Math.floor(random() * 40), Math.floor(random() * 40)];
    for (let p = 0; p < SIZE * SIZE; p++) {
      const [x, y] = [p % SIZE, Math.floor(p / SIZE)];
      const dark = x >= x0 && x < x0 + 20 && y >= y0 && y < y0 + 20 ? 0.5 : 1;
      for (let c = 0; c < 3; c++) {
        const v = COLOURS[label]![c]! * dark + (random() - 0.5) * 80;
        images[(i * SIZE * SIZE + p) * 3 + c] = Math.max(0, Math.min(255, Math.round(v)));
      }
    }
  }
  return { images, labels, count, height: SIZE, width: SIZE, channels: 3, classes: CLASSES };
}

// Narrow, short and fast-learning so it trains in seconds (the default recipe, 16/32/64 filters, also
// reaches 100% here, in about 12 s). No dropout: its masks are unseeded, and this keeps the run repeatable.
const training = {
  classifier: { filters: [4, 8, 8], featureSize: 16, dropout: 0 },
  epochs: 12,
  fineTuneEpochs: 1,
  batchSize: 8,
  learningRate: 3e-3,
};

describe('classJudgeDefaults', () => {
  it('adds a block from 48 px and takes at least 300 steps on small sets', () => {
    expect(classJudgeDefaults(64, 40)).toMatchObject({
      classifier: { filters: [16, 32, 64] },
      batchSize: 8,
      epochs: 60,
      fineTuneEpochs: 12,
      maxShift: 2,
    });
    // MNIST-sized sets get the digit judge's recipe.
    expect(classJudgeDefaults(28, 5000)).toEqual(JUDGE_DEFAULTS);
    expect(classJudgeDefaults(64, 300)).toMatchObject({ batchSize: 16, epochs: 16 });
    expect(classJudgeDefaults(64, 10).epochs).toBe(100);
  });
});

describe('loadOrTrainClassJudge', () => {
  let cacheDir: string;
  const train = colourSet(8, 1);
  const heldOut = colourSet(4, 2);

  beforeAll(async () => {
    // wasm with the training kernels: the tfjs `cpu` backend's conv filter gradient is far slower.
    await selectBackend({ prefer: 'wasm', log: null });
    cacheDir = await mkdtemp(join(tmpdir(), 'ifa-class-judge-'));
  });
  afterAll(async () => {
    await rm(cacheDir, { recursive: true, force: true });
  });

  it('learns five colour classes at 64x64x3, then loads the same judge from the cache', async () => {
    const messages: string[] = [];
    const judge = await loadOrTrainClassJudge({
      train,
      heldOut,
      cacheDir,
      training,
      onMessage: (m) => messages.push(m),
    });
    expect(judge.fromCache).toBe(false);
    expect(judge.classes).toEqual(CLASSES);
    expect(judge.inputShape).toEqual([64, 64, 3]);
    expect(judge.info).toMatchObject({ imagePolicy: 'given-images', classes: CLASSES, trainImages: 40 });
    expect(judge.info.classifier).toMatchObject({ imageSize: 64, channels: 3, numClasses: 5 });
    expect(judge.info.heldOutImages).toBe(20);
    expect(judge.info.heldOutAccuracy).toBeGreaterThanOrEqual(0.9);
    expect(messages.join('\n')).toMatch(/5-class classifier on 40 64x64x3 pictures/);

    const x = imageSetTensor(heldOut);
    expect(x.shape).toEqual([20, 64, 64, 3]);
    const predicted = await judge.classify(x);
    const features = await judge.features(x);
    expect(features.length).toBe(20 * 16);

    const again = await loadOrTrainClassJudge({ train, heldOut, cacheDir, training });
    expect(again.fromCache).toBe(true);
    expect(again.info.cacheKey).toBe(judge.info.cacheKey);
    expect(again.classes).toEqual(CLASSES);
    expect(await again.classify(x)).toEqual(predicted);
    x.dispose();
    judge.dispose();
    again.dispose();
  }, 180_000);

  it('keys the cache by content: one changed pixel is another judge', async () => {
    const changed = { ...train, images: train.images.slice() };
    changed.images[0] = (changed.images[0]! + 1) % 256;
    // A 1 ms cap stops after the first batch; such a judge is never cached.
    const judge = await loadOrTrainClassJudge({
      train: changed,
      heldOut,
      cacheDir,
      training,
      maxTrainSeconds: 0.001,
    });
    expect(judge.fromCache).toBe(false);
    expect(judge.info.stoppedEarly).toBe(true);
    judge.dispose();
  }, 60_000);

  it('holds out every sixth picture per class when no held-out set is given', async () => {
    const judge = await loadOrTrainClassJudge({ train, cacheDir, training, maxTrainSeconds: 0.001 });
    // 8 per class: the 6th of each class is held out.
    expect([judge.info.trainImages, judge.info.heldOutImages]).toEqual([35, 5]);
    expect([...judge.heldOut.labels]).toEqual([0, 1, 2, 3, 4]);
    judge.dispose();
  }, 60_000);

  it('rejects one class, labels past the class names and a held-out set of another shape', async () => {
    await expect(loadOrTrainClassJudge({ train: { ...train, classes: ['red'] }, cacheDir })).rejects.toThrow(
      InvalidOptionError,
    );
    await expect(
      loadOrTrainClassJudge({ train: { ...train, classes: CLASSES.slice(0, 4) }, cacheDir }),
    ).rejects.toThrow(/train\.labels/);
    const grey = { ...heldOut, channels: 1, images: heldOut.images.subarray(0, 20 * 64 * 64) };
    await expect(loadOrTrainClassJudge({ train, heldOut: grey, cacheDir })).rejects.toThrow(/heldOut/);
  });
});

describe('evaluateGenerator with a class judge (5 colour classes, 64x64x3)', () => {
  let work: string;
  beforeAll(async () => {
    await selectBackend({ prefer: 'wasm', log: null });
    work = await mkdtemp(join(tmpdir(), 'ifa-class-report-'));
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  /** `count` 8 x 8 test spectrograms of classes 0, 1, ... 4, 0, ...: each filled with its class / 10. */
  function spokenClasses(count: number) {
    const labels = Int32Array.from({ length: count }, (_, i) => i % 5);
    const data = new Float32Array(count * 64);
    labels.forEach((label, i) => {
      data.fill(label / 10, i * 64, (i + 1) * 64);
    });
    return { count, labels, data };
  }

  /**
   * A stand-in generator: reads the class from the spectrogram's mean (label / 10) and paints that class's
   * colour, except class 4 which it paints as class 0; `seed` adds noise so draws differ.
   */
  function colourModel(): IfaModel {
    return {
      kind: 'cvae',
      models: {},
      generate(audio: tf.Tensor4D, options?: { seed?: number }) {
        return tf.tidy(() => {
          const labels = tf.round(tf.mul(tf.mean(audio, [1, 2, 3]), 10)).arraySync() as number[];
          const colours = labels.map((label) => COLOURS[label === 4 ? 0 : label]!.map((v) => v / 255));
          const base = tf.tensor4d(colours.flat(), [labels.length, 1, 1, 3]);
          const noise = tf.randomUniform([labels.length, SIZE, SIZE, 3], -0.1, 0.1, 'float32', options?.seed);
          return tf.clipByValue(tf.add(base, noise), 0, 1) as tf.Tensor4D;
        });
      },
      dispose() {},
    } as unknown as IfaModel;
  }

  it('writes a version-2 report with the class names, a 5 x 5 confusion and a labelled confusion PNG', async () => {
    const train = colourSet(8, 1);
    const heldOut = colourSet(4, 2);
    const judge = await loadOrTrainClassJudge({ train, heldOut, cacheDir: work, training });
    const { count, labels, data } = spokenClasses(15);
    const messages: string[] = [];
    const report = await evaluateGenerator({
      model: colourModel(),
      modelDir: join(work, 'model'),
      preset: 'recommended',
      test: { data, count, height: 8, width: 8, labels },
      judge,
      split: 'fraction:0.2:0',
      outDir: work,
      disjointFromGeneratorTargets: false,
      repeats: 3,
      batchSize: 8,
      onMessage: (m) => messages.push(m),
    });
    expect(report.schemaVersion).toBe(2);
    expect(report.classes).toEqual(CLASSES);
    expect(report.imageShape).toEqual([64, 64, 3]);
    expect(report.confusion).toHaveLength(5);
    // Classes 0-3 are painted right; every class-4 recording comes out as class 0.
    expect(report.perDigit).toEqual([1, 1, 1, 1, 0]);
    expect(report.confusion[4]).toEqual([3, 0, 0, 0, 0]);
    expect(report.accuracy).toBeCloseTo(12 / 15, 9);
    expect(report.diversity.repeats).toBe(3);
    expect(report.heard, 'the default generation').toBe('probabilities');
    expect(report.heardAccuracy, 'a model without an audio classifier').toBeNull();
    expect(report.diversity.acrossNoise).toBeGreaterThan(1);
    // Generated pictures are flat colours plus small noise; the real ones carry a dark square and more noise.
    expect(report.diversity.withinDigit).toBeLessThan(report.diversity.realWithinDigit);
    expect(report.frechetDistance).toBeGreaterThan(0);
    expect(messages.join('\n')).toMatch(/5 classes of 64x64x3 pictures/);
    expect(validateReport(JSON.parse(await readFile(join(work, 'report.json'), 'utf8')))).toEqual(report);
    const png = await readFile(join(work, 'confusion.png'));
    expect([...png.subarray(1, 4)]).toEqual([0x50, 0x4e, 0x47]);
    judge.dispose();
  }, 120_000);

  it('passes heard to every generate call, records it in the report and refuses an unknown value', async () => {
    const judge = await loadOrTrainClassJudge({
      train: colourSet(8, 1),
      heldOut: colourSet(4, 2),
      cacheDir: work,
      training,
    });
    const model = colourModel();
    const heardByCall: unknown[] = [];
    const generate = model.generate.bind(model);
    model.generate = (audio, options) => {
      heardByCall.push(options?.heard);
      return generate(audio, options);
    };
    const { count, labels, data } = spokenClasses(5);
    const options = {
      model,
      modelDir: join(work, 'model'),
      preset: 'recommended',
      test: { data, count, height: 8, width: 8, labels },
      judge,
      split: 'fraction:0.2:0',
      outDir: join(work, 'most-likely'),
      disjointFromGeneratorTargets: false,
      repeats: 2,
      batchSize: 8,
    };
    const report = await evaluateGenerator({ ...options, heard: 'most-likely' });
    expect(report.heard).toBe('most-likely');
    // The scored draws, the noise draws and the timed calls all draw the most likely class.
    expect(heardByCall.length).toBeGreaterThan(2);
    expect(new Set(heardByCall)).toEqual(new Set(['most-likely']));
    expect(formatReport(report)).toMatch(/most likely class/);
    expect(validateReport(JSON.parse(await readFile(report.files.report, 'utf8')))).toEqual(report);
    expect(() => validateReport({ ...report, heard: 'argmax' })).toThrow(/report\.heard/);
    heardByCall.length = 0;
    await expect(evaluateGenerator({ ...options, heard: 'argmax' as never })).rejects.toThrow(
      /heard.*'probabilities' or 'most-likely'/,
    );
    expect(heardByCall, 'refused before any generation').toEqual([]);
    judge.dispose();
  }, 120_000);

  it("reports what the model's own audio classifier hears apart from what the judge reads", async () => {
    const judge = await loadOrTrainClassJudge({
      train: colourSet(8, 1),
      heldOut: colourSet(4, 2),
      cacheDir: work,
      training,
    });
    // Its classifier hears class 3 as class 2 (and every other class right); its pictures paint class 4
    // as class 0 (colourModel): 12 of 15 heard right, 12 of 15 drawn right, different ones.
    const classifier = {
      predict: (audio: tf.Tensor4D) =>
        tf.tidy(() => {
          const labels = tf.round(tf.mul(tf.mean(audio, [1, 2, 3]), 10)).arraySync() as number[];
          const heard = labels.map((label) => (label === 3 ? 2 : label));
          return tf.oneHot(tf.tensor1d(heard, 'int32'), 5);
        }),
    };
    const model = { ...colourModel(), models: { audioClassifier: classifier } } as unknown as IfaModel;
    const { count, labels, data } = spokenClasses(15);
    const report = await evaluateGenerator({
      model,
      modelDir: join(work, 'model'),
      preset: 'recommended',
      test: { data, count, height: 8, width: 8, labels },
      judge,
      split: 'fraction:0.2:0',
      outDir: join(work, 'heard-accuracy'),
      disjointFromGeneratorTargets: false,
      repeats: 2,
      // Smaller than the test set, so that the classifier's batches are joined too.
      batchSize: 4,
    });
    expect(report.heardAccuracy).toBeCloseTo(12 / 15, 9);
    expect(report.accuracy).toBeCloseTo(12 / 15, 9);
    expect(formatReport(report)).toMatch(/audio classifier hears 80\.0% of the recordings right/);
    expect(() => validateReport({ ...report, heardAccuracy: 1.5 })).toThrow(/report\.heardAccuracy/);
    judge.dispose();
  }, 120_000);

  it('refuses a judge whose pictures are not the model’s', async () => {
    const judge = await loadOrTrainClassJudge({
      train: colourSet(8, 1),
      heldOut: colourSet(4, 2),
      cacheDir: work,
      training,
    });
    const greyModel = {
      kind: 'cgan',
      models: {},
      generate: (audio: tf.Tensor4D) => tf.zeros([audio.shape[0], 28, 28, 1]) as tf.Tensor4D,
      dispose() {},
    } as unknown as IfaModel;
    await expect(
      evaluateGenerator({
        model: greyModel,
        modelDir: work,
        preset: null,
        test: { data: new Float32Array(64), count: 1, height: 8, width: 8, labels: [0] },
        judge,
        split: 'standard',
        outDir: work,
        disjointFromGeneratorTargets: null,
      }),
    ).rejects.toThrow(/28x28x1/);
    judge.dispose();
  }, 60_000);
});
