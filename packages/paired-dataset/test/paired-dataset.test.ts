import { SpectrogramEncoder } from '@ifa/audio-features';
import { describe, expect, it } from 'vitest';
import {
  type EncodedAudioSet,
  type ImageSet,
  InvalidOptionError,
  loadDigitPairs,
  PairedDataset,
  pairByLabel,
  sampleDataDir,
  type TensorFactory,
  UnpairableLabelError,
} from '../src';

/** 40 tiny "spectrograms" whose pixels encode their own index, so batches can be traced back. */
function fakeAudio(count = 40): EncodedAudioSet {
  const height = 2;
  const width = 3;
  const data = new Float32Array(count * height * width);
  for (let i = 0; i < count; i++) data.fill(i / count, i * 6, (i + 1) * 6);
  return {
    data,
    count,
    height,
    width,
    labels: Int32Array.from({ length: count }, (_, i) => i % 4),
    ids: Array.from({ length: count }, (_, i) => `a${i}`),
    encoderConfig: {},
  };
}

/** 4x4 images whose first pixel is the image index and the rest the label. */
function fakeImages(count = 20): ImageSet {
  const images = new Uint8Array(count * 16);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    labels[i] = i % 4;
    images.fill(labels[i]! * 10, i * 16, (i + 1) * 16);
    images[i * 16] = i;
  }
  return { images, labels, count, height: 4, width: 4 };
}

function collect(dataset: PairedDataset, options: Parameters<PairedDataset['batches']>[0]) {
  return [...dataset.batches(options)];
}

function concatBytes(batches: ReturnType<typeof collect>): Buffer {
  return Buffer.concat(
    batches.flatMap((b) => [
      Buffer.from(b.audio.buffer),
      Buffer.from(b.image.buffer),
      Buffer.from(b.labels.buffer),
    ]),
  );
}

describe('pairByLabel', () => {
  const audio = fakeAudio();
  const images = fakeImages();

  it("'random' pairs same labels, is seeded, and draws new images every epoch", () => {
    const pairing = pairByLabel(audio, images, { strategy: 'random', seed: 3 });
    const e0 = pairing.imageIndicesForEpoch(0);
    for (let i = 0; i < audio.count; i++) expect(images.labels[e0[i]!]).toBe(audio.labels[i]);
    expect(pairByLabel(audio, images, { strategy: 'random', seed: 3 }).imageIndicesForEpoch(0)).toEqual(e0);
    expect(pairing.imageIndicesForEpoch(1)).not.toEqual(e0);
    expect(pairByLabel(audio, images, { strategy: 'random', seed: 4 }).imageIndicesForEpoch(0)).not.toEqual(
      e0,
    );
    // Over many epochs every image of a label gets used.
    const used = new Set<number>();
    for (let epoch = 0; epoch < 30; epoch++) for (const m of pairing.imageIndicesForEpoch(epoch)) used.add(m);
    expect(used.size).toBe(images.count);
  });

  it("'one-to-one' pairs the k-th recording of a label with the k-th image of that label, every epoch", () => {
    const pairing = pairByLabel(audio, images, { strategy: 'one-to-one' });
    const e0 = pairing.imageIndicesForEpoch(0);
    expect(pairing.imageIndicesForEpoch(5)).toEqual(e0);
    // Label 0: audio 0, 4, 8, ... (k = 0, 1, 2, ...) -> images 0, 4, 8, 12, 16, then cyclically 0, 4, ...
    expect(Array.from({ length: 7 }, (_, k) => e0[4 * k])).toEqual([0, 4, 8, 12, 16, 0, 4]);
  });

  it('accepts arrays of records and refuses labels without images', () => {
    const records = [{ label: 1 }, { label: 9 }];
    expect(() => pairByLabel(records, images)).toThrow(UnpairableLabelError);
    expect(() => pairByLabel(records, images)).toThrow(/9/);
    expect(() => pairByLabel(audio, images, { strategy: 'index' as never })).toThrow(InvalidOptionError);
  });
});

describe('PairedDataset.batches', () => {
  const audio = fakeAudio();
  const images = fakeImages();
  const dataset = new PairedDataset({ audio, images, pairing: pairByLabel(audio, images, { seed: 1 }) });

  it('yields every pair once per epoch with matching labels and [0, 1] images', () => {
    const batches = collect(dataset, { batchSize: 16, seed: 1 });
    expect(batches.map((b) => b.labels.length)).toEqual([16, 16, 8]);
    expect(dataset.batchCount({ batchSize: 16 })).toBe(3);
    const seen: number[] = [];
    for (const batch of batches) {
      const b = batch.labels.length;
      expect(batch.audio.length).toBe(b * 6);
      expect(batch.image.length).toBe(b * 16);
      expect(batch.audioShape).toEqual([b, 2, 3]);
      expect(batch.imageShape).toEqual([b, 4, 4, 1]);
      for (let j = 0; j < b; j++) {
        const a = batch.audioIndices[j]!;
        seen.push(a);
        expect(batch.audio[j * 6]).toBeCloseTo(a / 40, 6);
        expect(batch.labels[j]).toBe(audio.labels[a]);
        // The image's own label, read from its pixels, equals the audio label.
        expect(Math.round(batch.image[j * 16 + 1]! * 255) / 10).toBe(batch.labels[j]);
        expect(Math.round(batch.image[j * 16]! * 255)).toBe(batch.imageIndices[j]);
      }
      expect(Math.min(...batch.image)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...batch.image)).toBeLessThanOrEqual(1);
    }
    expect(seen.sort((x, y) => x - y)).toEqual(Array.from({ length: 40 }, (_, i) => i));
  });

  it('is byte-identical for the same seed and epoch, and differs for another seed or epoch', () => {
    const a = concatBytes(collect(dataset, { batchSize: 8, seed: 42, epoch: 2 }));
    const b = concatBytes(collect(dataset, { batchSize: 8, seed: 42, epoch: 2 }));
    expect(a.equals(b)).toBe(true);
    const order = (seed: number, epoch: number) =>
      collect(dataset, { batchSize: 8, seed, epoch }).flatMap((x) => [...x.audioIndices]);
    expect(order(43, 2)).not.toEqual(order(42, 2));
    expect(order(42, 3)).not.toEqual(order(42, 2));
  });

  it('keeps dataset order without shuffle and can drop the remainder', () => {
    const batches = collect(dataset, { batchSize: 16, shuffle: false, dropRemainder: true });
    expect(batches).toHaveLength(2);
    expect([...batches[0]!.audioIndices]).toEqual(Array.from({ length: 16 }, (_, i) => i));
  });

  it('validates options', () => {
    expect(() => collect(dataset, { batchSize: 0 })).toThrow(InvalidOptionError);
    expect(() => collect(dataset, { epoch: -1 })).toThrow(InvalidOptionError);
    expect(() => collect(dataset, { seed: Number.NaN })).toThrow(InvalidOptionError);
  });

  it('makes tensors through the tf namespace it is given', () => {
    const made: { values: Float32Array | Int32Array; shape: number[]; dtype: string }[] = [];
    const tf: TensorFactory<number> = {
      tensor(values, shape, dtype) {
        made.push({ values, shape, dtype });
        return made.length;
      },
    };
    const batches = [...dataset.tensorBatches(tf, { batchSize: 8, seed: 1 })];
    expect(batches).toHaveLength(5);
    expect(batches[0]).toEqual({ audio: 1, image: 2, labels: 3 });
    made.splice(3);
    expect(made.map((m) => m.shape)).toEqual([[8, 2, 3, 1], [8, 4, 4, 1], [8]]);
    expect(made.map((m) => m.dtype)).toEqual(['float32', 'float32', 'int32']);
    const [batch] = collect(dataset, { batchSize: 8, seed: 1 });
    expect(made[0]!.values).toEqual(batch!.audio);
  });
});

describe('loadDigitPairs on the shipped sample', () => {
  it('pairs real spectrograms with real digits, keeping test images out of training', async () => {
    const pairs = await loadDigitPairs({ dir: sampleDataDir(), split: 'standard', seed: 5 });
    expect(pairs.imagePolicy).toBe('t10k-split');
    expect(pairs.train.size).toBe(pairs.trainRecords.length);
    expect(pairs.test.size).toBe(pairs.testRecords.length);
    expect(pairs.test.size).toBe(10); // one take 0-4 recording per digit in the sample
    expect(pairs.train.size).toBe(20);
    const trainSources = new Set(pairs.train.images.sourceIndices!);
    const testSources = pairs.test.images.sourceIndices!;
    expect(testSources.some((s) => trainSources.has(s))).toBe(false);
    for (const dataset of [pairs.train, pairs.test]) {
      for (const batch of dataset.batches({ batchSize: 7, seed: 5 })) {
        expect(batch.image.length).toBe(batch.labels.length * 28 * 28);
        expect(batch.audioShape.slice(1)).toEqual([dataset.audio.height, dataset.audio.width]);
        for (let j = 0; j < batch.labels.length; j++) {
          expect(dataset.images.labels[batch.imageIndices[j]!]).toBe(batch.labels[j]);
        }
        expect(Math.max(...batch.audio)).toBeLessThanOrEqual(1);
        expect(Math.min(...batch.audio)).toBeGreaterThanOrEqual(0);
      }
    }
    // No encoder was passed, so the spectrograms were made by the default one: the config to record next
    // to a trained model is exactly its resolved config, as plain JSON.
    expect(pairs.encoderConfig).toEqual(new SpectrogramEncoder().config);
    expect(JSON.parse(JSON.stringify(pairs.encoderConfig))).toEqual(pairs.encoderConfig);
  });
});
