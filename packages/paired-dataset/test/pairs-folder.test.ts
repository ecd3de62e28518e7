import { cp, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GENERAL_SOUND_ENCODER_CONFIG, SpectrogramEncoder } from '@ifa/audio-features';
import { Jimp } from 'jimp';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type DigitPairs,
  InvalidAudioFilesError,
  InvalidImageFilesError,
  type LoadWarning,
  loadPairsFolder,
  makeSoundscapes,
  PairsFolderLayoutError,
  SOUNDSCAPE_CLASSES,
  UnmatchedClassError,
} from '../src';
import { encodeWavPcm16 } from '../src/soundscapes/sounds';
import { useTempDirs } from './helpers';

/** A tiny soundscapes set shared by the tests that only read it (copied by those that change it). */
let generated = '';
const tempDir = useTempDirs();

beforeAll(async () => {
  const { mkdtemp } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  generated = await mkdtemp(join(tmpdir(), 'ifa-pairs-folder-'));
  await makeSoundscapes({
    outDir: generated,
    recordingsPerClass: 5,
    imagesPerClass: 5,
    durationSeconds: [2, 3],
  });
  return () => rm(generated, { recursive: true, force: true });
});

async function copyOfGenerated(): Promise<string> {
  const dir = await tempDir();
  await cp(generated, dir, { recursive: true });
  return dir;
}

describe('loadPairsFolder on generated soundscapes', () => {
  it('gives 64x64 spectrograms and 64x64x3 images, split by recording, labels by class name', async () => {
    const pairs = await loadPairsFolder({ dir: generated });
    // Usable where @ifa/train takes its data.
    const data: DigitPairs = pairs;
    expect(data.imagePolicy).toBe('folder-split');
    expect(pairs.dir).toBe(generated);
    expect(pairs.classes).toEqual([...SOUNDSCAPE_CLASSES]);
    expect(pairs.encoderConfig).toEqual(GENERAL_SOUND_ENCODER_CONFIG);
    expect(pairs.train.audioShape).toEqual([64, 64]);
    expect(pairs.test.audioShape).toEqual([64, 64]);
    expect(pairs.train.imageShape).toEqual([64, 64, 3]);
    expect(pairs.test.imageShape).toEqual([64, 64, 3]);

    // 5 recordings a class, 1 of them (0.2) held out; 2-3 s clips give 2-4 windows each in training.
    const recordings = (records: typeof pairs.trainRecords) => new Set(records.map((r) => r.recordingId));
    const trainRecordings = recordings(pairs.trainRecords);
    const testRecordings = recordings(pairs.testRecords);
    expect(trainRecordings.size).toBe(20);
    expect(testRecordings.size).toBe(5);
    expect([...testRecordings].some((id) => trainRecordings.has(id))).toBe(false);
    expect(pairs.testRecords).toHaveLength(5); // one central window per test recording
    expect(pairs.trainRecords.length).toBeGreaterThanOrEqual(40);
    expect(pairs.trainRecords.length).toBeLessThanOrEqual(80);
    expect(pairs.train.size).toBe(pairs.trainRecords.length);
    expect(pairs.test.size).toBe(5);

    for (const [dataset, records] of [
      [pairs.train, pairs.trainRecords],
      [pairs.test, pairs.testRecords],
    ] as const) {
      expect(dataset.audio.ids).toEqual(records.map((r) => r.id));
      records.forEach((record, i) => {
        expect(record.label).toBe(pairs.classes.indexOf(record.className));
        expect(record.recordingId.startsWith(`${record.className}/`)).toBe(true);
        expect(dataset.audio.labels[i]).toBe(record.label);
      });
      expect(dataset.images.classes).toEqual(pairs.classes);
      for (const batch of dataset.batches({ batchSize: 16, seed: 1 })) {
        expect(batch.imageShape.slice(1)).toEqual([64, 64, 3]);
        for (let j = 0; j < batch.labels.length; j++) {
          expect(dataset.images.labels[batch.imageIndices[j]!]).toBe(batch.labels[j]);
        }
      }
    }
    // Images: 4 of 5 per class for training, 1 for test, never the same picture.
    expect(pairs.train.images.count).toBe(20);
    expect(pairs.test.images.count).toBe(5);
    const trainImages = new Set(pairs.train.images.sourceIndices!);
    expect(pairs.test.images.sourceIndices!.some((i) => trainImages.has(i))).toBe(false);
  });

  it('cuts evenly spaced training windows and central test windows, each encoded as such', async () => {
    const pairs = await loadPairsFolder({ dir: generated, cropsPerClip: 2 });
    // The loader encodes with the WebAssembly backend, so the expected images come from the same one.
    const encoder = await SpectrogramEncoder.create(GENERAL_SOUND_ENCODER_CONFIG);
    const perRecording = new Map<string, number[]>();
    for (const record of pairs.trainRecords) {
      expect(record.samples.length).toBe(16384);
      perRecording.set(record.recordingId, [...(perRecording.get(record.recordingId) ?? []), record.start]);
    }
    // 2-3 s recordings: room for two windows half a window apart; the first starts at 0.
    for (const starts of perRecording.values()) {
      expect(starts).toHaveLength(2);
      expect(starts[0]).toBe(0);
    }
    const size = 64 * 64;
    for (const [dataset, records] of [
      [pairs.train, pairs.trainRecords],
      [pairs.test, pairs.testRecords],
    ] as const) {
      for (const i of [0, records.length - 1]) {
        const expected = encoder.encode(records[i]!.samples, 16000).data;
        expect(dataset.audio.data.subarray(i * size, (i + 1) * size)).toEqual(expected);
      }
    }
    for (const record of pairs.testRecords) {
      const total = record.start * 2 + 16384;
      // Central: as much before the window as after it (to a sample).
      expect(total).toBeGreaterThanOrEqual(32000);
      expect(total).toBeLessThanOrEqual(48001);
    }
  });

  it('is deterministic for a seed, and the seed changes the split', async () => {
    const a = await loadPairsFolder({ dir: generated, seed: 1 });
    const b = await loadPairsFolder({ dir: generated, seed: 1 });
    const c = await loadPairsFolder({ dir: generated, seed: 2 });
    expect(b.testRecords.map((r) => r.id)).toEqual(a.testRecords.map((r) => r.id));
    expect(c.testRecords.map((r) => r.id)).not.toEqual(a.testRecords.map((r) => r.id));
  });
});

describe('loadPairsFolder errors', () => {
  it('names the missing audio/ or images/ folder and the expected layout', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'audio', 'beach'), { recursive: true });
    const error = await loadPairsFolder({ dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PairsFolderLayoutError);
    expect((error as Error).message).toContain(join(dir, 'images'));
    expect((error as Error).message).toContain('DIR/audio/<class>/*.wav and DIR/images/<class>/');
    await expect(loadPairsFolder({ dir: join(dir, 'nope') })).rejects.toThrow(PairsFolderLayoutError);
  });

  it('names an audio class without images, and only warns about images without audio', async () => {
    const dir = await copyOfGenerated();
    await rm(join(dir, 'images', 'rain'), { recursive: true });
    const error = await loadPairsFolder({ dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnmatchedClassError);
    const message = (error as Error).message;
    expect(message).toContain("'rain'");
    expect(message).toContain(join(dir, 'audio', 'rain'));
    expect(message).toContain(join(dir, 'images', 'rain'));

    await rm(join(dir, 'audio', 'rain'), { recursive: true });
    await cp(join(dir, 'images', 'fire'), join(dir, 'images', 'lava'), { recursive: true });
    const warnings: LoadWarning[] = [];
    const pairs = await loadPairsFolder({ dir, onWarning: (w) => warnings.push(w) });
    expect(pairs.classes).toEqual(['beach', 'fire', 'forest', 'street']);
    expect(warnings.map((w) => w.path)).toEqual([join(dir, 'images', 'lava')]);
    expect(warnings[0]!.reason).toMatch(/not used/);
    expect(pairs.train.images.count + pairs.test.images.count).toBe(20);
  });

  it('says when a class has too few images for both splits', async () => {
    const dir = await copyOfGenerated();
    for (const i of [1, 2, 3, 4]) await rm(join(dir, 'images', 'beach', `beach-00${i}.png`));
    const error = await loadPairsFolder({ dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnmatchedClassError);
    expect((error as Error).message).toMatch(/holds 1 image, which leaves the (train|test) split none/);
  });

  it('lists unreadable WAVs and images, or skips them with onInvalid: skip', async () => {
    const dir = await copyOfGenerated();
    const badWav = join(dir, 'audio', 'fire', 'broken.wav');
    const badPng = join(dir, 'images', 'forest', 'broken.png');
    await writeFile(badWav, 'RIFF....');
    await writeFile(badPng, 'not a png');
    const audioError = await loadPairsFolder({ dir }).catch((e: unknown) => e);
    expect(audioError).toBeInstanceOf(InvalidAudioFilesError);
    expect((audioError as InvalidAudioFilesError).files.map((f) => f.path)).toEqual([badWav]);
    await rm(badWav);
    const imageError = await loadPairsFolder({ dir }).catch((e: unknown) => e);
    expect(imageError).toBeInstanceOf(InvalidImageFilesError);
    expect((imageError as InvalidImageFilesError).files.map((f) => f.path)).toEqual([badPng]);
    const warnings: LoadWarning[] = [];
    const pairs = await loadPairsFolder({ dir, onInvalid: 'skip', onWarning: (w) => warnings.push(w) });
    expect(warnings.map((w) => w.path)).toEqual([badPng]);
    expect(pairs.train.images.count + pairs.test.images.count).toBe(25);
  });

  it('reports a recording that is digital silence throughout', async () => {
    const dir = await copyOfGenerated();
    const silent = join(dir, 'audio', 'street', 'silent.wav');
    await writeFile(silent, encodeWavPcm16(new Float32Array(32000), 16000));
    const error = await loadPairsFolder({ dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidAudioFilesError);
    expect((error as Error).message).toContain(silent);
    expect((error as Error).message).toMatch(/silence/);
  });
});

describe('loadPairsFolder split sizes', () => {
  it('refuses a split that leaves test (or train) without a recording', async () => {
    const dir = await copyOfGenerated();
    for (const name of SOUNDSCAPE_CLASSES) {
      for (const i of [2, 3, 4]) await rm(join(dir, 'audio', name, `${name}-00${i}.wav`));
    }
    // Two recordings a class: round(2 x 0.2) = 0 go to test.
    const error = await loadPairsFolder({ dir }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/Invalid testFraction: 0\.2/);
    expect((error as Error).message).toMatch(/at most 2\) to give the test split one/);
    const pairs = await loadPairsFolder({ dir, testFraction: 0.5 });
    expect(pairs.testRecords).toHaveLength(5);
  });
});

describe('loadPairsFolder with your own files', () => {
  it('loads PNG and JPEG of different sizes, resized, and short or resampled WAVs', async () => {
    const dir = await tempDir();
    const noise = (n: number, seed: number) => {
      let state = seed;
      return Float32Array.from({ length: n }, () => {
        state = (state * 1103515245 + 12345) % 2 ** 31;
        return (state / 2 ** 31 - 0.5) * 0.5;
      });
    };
    for (const name of ['cats', 'dogs']) {
      await mkdir(join(dir, 'audio', name), { recursive: true });
      await mkdir(join(dir, 'images', name), { recursive: true });
      for (let i = 0; i < 5; i++) {
        // Half a second at 22.05 kHz: shorter than a window, at another rate.
        await writeFile(join(dir, 'audio', name, `${i}.wav`), encodeWavPcm16(noise(11025, i + 1), 22050));
        const png = new Jimp({ width: 100, height: 80, color: name === 'cats' ? 0xff0000ff : 0x0000ffff });
        await writeFile(join(dir, 'images', name, `${i}.png`), await png.getBuffer('image/png'));
        const jpeg = new Jimp({ width: 30, height: 30, color: 0x00ff00ff });
        await writeFile(join(dir, 'images', name, `${i}.jpg`), await jpeg.getBuffer('image/jpeg'));
      }
    }
    const pairs = await loadPairsFolder({ dir, imageSize: 32, testFraction: 0.4 });
    expect(pairs.classes).toEqual(['cats', 'dogs']);
    expect(pairs.train.imageShape).toEqual([32, 32, 3]);
    expect(pairs.train.images.count + pairs.test.images.count).toBe(20);
    // Short clips give one window (the whole clip), in train as in test.
    expect(pairs.trainRecords).toHaveLength(6);
    expect(pairs.testRecords).toHaveLength(4);
    expect(pairs.trainRecords.every((r) => r.start === 0 && r.samples.length === 11025)).toBe(true);
    expect(pairs.train.audioShape).toEqual([64, 64]);
    const grey = await loadPairsFolder({ dir, imageSize: 28, channels: 1 });
    expect(grey.train.imageShape).toEqual([28, 28, 1]);
  });
});
