import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import {
  decodeWav,
  GENERAL_SOUND_ENCODER_CONFIG,
  SpectrogramEncoder,
  windowStarts,
} from '@ifa/audio-features';
import { describe, expect, it } from 'vitest';
import { loadImageFolder, makeSoundscapes, OutputNotEmptyError, SOUNDSCAPE_CLASSES } from '../src';
import { createRng, deriveSeed } from '../src/random';
import { makeSound } from '../src/soundscapes/sounds';
import { useTempDirs } from './helpers';

const small = { recordingsPerClass: 2, imagesPerClass: 3, durationSeconds: [1, 1.5] as const };

describe('makeSoundscapes', () => {
  const tempDir = useTempDirs();

  it('writes the pairs layout and a summary of it', async () => {
    const outDir = await tempDir();
    const progress: number[] = [];
    const summary = await makeSoundscapes({ outDir, ...small, onProgress: (p) => progress.push(p.done) });
    expect(summary.classes).toEqual(['beach', 'fire', 'forest', 'rain', 'street']);
    expect(summary.classes).toEqual([...SOUNDSCAPE_CLASSES]);
    expect(summary.audioFiles).toHaveLength(10);
    expect(summary.imageFiles).toHaveLength(15);
    expect(progress).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(relative(outDir, summary.audioFiles[0]!)).toBe(join('audio', 'beach', 'beach-000.wav'));
    expect(relative(outDir, summary.imageFiles.at(-1)!)).toBe(join('images', 'street', 'street-002.png'));
    for (const name of SOUNDSCAPE_CLASSES) {
      expect(await readdir(join(outDir, 'audio', name))).toEqual([`${name}-000.wav`, `${name}-001.wav`]);
    }
    let bytes = 0;
    for (const path of [...summary.audioFiles, ...summary.imageFiles]) bytes += (await readFile(path)).length;
    expect(summary.bytes).toBe(bytes);
  });

  it('is deterministic: the same seed gives byte-identical files, another seed different ones', async () => {
    const [a, b, c] = [await tempDir(), await tempDir(), await tempDir()];
    const first = await makeSoundscapes({ outDir: a, seed: 3, ...small });
    const second = await makeSoundscapes({ outDir: b, seed: 3, ...small });
    const other = await makeSoundscapes({ outDir: c, seed: 4, ...small });
    const files = [...first.audioFiles, ...first.imageFiles].map((path) => relative(a, path));
    for (const file of files) {
      const bytes = await readFile(join(a, file));
      expect(bytes.equals(await readFile(join(b, file))), file).toBe(true);
      expect(bytes.equals(await readFile(join(c, file))), file).toBe(false);
    }
    expect(second.bytes).toBe(first.bytes);
    expect(other.audioFiles.map((p) => relative(c, p))).toEqual(first.audioFiles.map((p) => relative(a, p)));
  });

  it('writes 16-bit mono 16 kHz WAVs in the duration range, peaking below full scale', async () => {
    const outDir = await tempDir();
    const summary = await makeSoundscapes({ outDir, ...small });
    const lengths = new Set<number>();
    for (const path of summary.audioFiles) {
      const bytes = await readFile(path);
      expect(bytes.readUInt16LE(34)).toBe(16); // bits per sample
      const audio = decodeWav(bytes);
      expect(audio.sampleRate).toBe(16000);
      expect(audio.channelData).toHaveLength(1);
      const samples = audio.channelData[0]!;
      expect(samples.length).toBeGreaterThanOrEqual(16000);
      expect(samples.length).toBeLessThanOrEqual(24000);
      lengths.add(samples.length);
      let peak = 0;
      for (const value of samples) peak = Math.max(peak, Math.abs(value));
      expect(peak).toBeGreaterThan(0.15);
      expect(peak).toBeLessThan(0.95);
    }
    expect(lengths.size).toBeGreaterThan(5);
  });

  it('draws 64 x 64 RGB pictures that differ within a class and between classes', async () => {
    const outDir = await tempDir();
    await makeSoundscapes({ outDir, ...small, recordingsPerClass: 1, imagesPerClass: 4 });
    const set = await loadImageFolder(join(outDir, 'images'), { size: 64, channels: 3 });
    expect(set.classes).toEqual([...SOUNDSCAPE_CLASSES]);
    expect([set.count, set.height, set.width, set.channels]).toEqual([20, 64, 64, 3]);
    const pixels = 64 * 64 * 3;
    const image = (i: number) => set.images.subarray(i * pixels, (i + 1) * pixels);
    const meanAbsDiff = (a: Uint8Array, b: Uint8Array) => {
      let sum = 0;
      for (let p = 0; p < pixels; p++) sum += Math.abs(a[p]! - b[p]!);
      return sum / pixels;
    };
    for (let k = 0; k < 5; k++) {
      for (let i = 0; i < 4; i++) {
        for (let j = i + 1; j < 4; j++) {
          // Not copies: layouts and colours vary, far beyond the sensor grain.
          expect(meanAbsDiff(image(4 * k + i), image(4 * k + j))).toBeGreaterThan(8);
        }
      }
    }
    const meanColour = (k: number) => {
      const sums = [0, 0, 0];
      for (let i = 0; i < 4; i++) {
        const data = image(4 * k + i);
        for (let p = 0; p < pixels; p++) sums[p % 3]! += data[p]! / (4 * 64 * 64);
      }
      return sums;
    };
    const [beach, fire, forest, rain] = [0, 1, 2, 3].map(meanColour) as number[][];
    // Fire scenes are dark, beaches bright; forests greener than rain, which is grey.
    expect(fire![0]! + fire![1]! + fire![2]!).toBeLessThan(0.5 * (beach![0]! + beach![1]! + beach![2]!));
    expect(forest![1]! - forest![0]!).toBeGreaterThan(rain![1]! - rain![0]!);
  });

  it('refuses a non-empty folder unless overwrite, which replaces the class folders', async () => {
    const outDir = await tempDir();
    await writeFile(join(outDir, 'notes.txt'), 'mine');
    const error = await makeSoundscapes({ outDir, ...small }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutputNotEmptyError);
    expect((error as Error).message).toContain(outDir);
    expect((error as Error).message).toMatch(/overwrite/);
    await makeSoundscapes({ outDir, ...small, overwrite: true });
    await makeSoundscapes({ outDir, ...small, imagesPerClass: 1, overwrite: true });
    expect(await readdir(join(outDir, 'images', 'fire'))).toEqual(['fire-000.png']);
    expect(await readFile(join(outDir, 'notes.txt'), 'utf8')).toBe('mine');
  });

  it('rejects bad options', async () => {
    const outDir = await tempDir();
    await expect(makeSoundscapes({ outDir, recordingsPerClass: 0 })).rejects.toThrow(/recordingsPerClass/);
    await expect(makeSoundscapes({ outDir, imagesPerClass: 1.5 })).rejects.toThrow(/imagesPerClass/);
    await expect(makeSoundscapes({ outDir, durationSeconds: [3, 2] })).rejects.toThrow(/durationSeconds/);
    await expect(makeSoundscapes({ outDir, seed: -0.5 })).rejects.toThrow(/seed/);
  });
});

describe('soundscape sounds', () => {
  it('are told apart by their mean spectrograms (nearest class mean, leave one out)', () => {
    const encoder = new SpectrogramEncoder(GENERAL_SOUND_ENCODER_CONFIG);
    const perClass = 6;
    const images = SOUNDSCAPE_CLASSES.map((name, k) =>
      Array.from({ length: perClass }, (_, i) => {
        const samples = makeSound(name, createRng(deriveSeed(11, k, i)), 1.5);
        const [start] = windowStarts(samples.length, { windowSamples: 16384 });
        return encoder.encode(samples.subarray(start!, start! + 16384), 16000).data;
      }),
    );
    const size = 64 * 64;
    const meanOf = (k: number, leaveOut: number) => {
      const mean = new Float64Array(size);
      images[k]!.forEach((data, i) => {
        if (i === leaveOut) return;
        for (let p = 0; p < size; p++) mean[p]! += data[p]!;
      });
      return mean.map((v) => v / (images[k]!.length - (leaveOut >= 0 ? 1 : 0)));
    };
    const distance = (a: ArrayLike<number>, b: ArrayLike<number>) => {
      let sum = 0;
      for (let p = 0; p < size; p++) sum += (a[p]! - b[p]!) ** 2;
      return sum;
    };
    // No two classes share a mean picture.
    const means = SOUNDSCAPE_CLASSES.map((_, k) => meanOf(k, -1));
    for (let a = 0; a < 5; a++)
      for (let b = a + 1; b < 5; b++) expect(distance(means[a]!, means[b]!)).toBeGreaterThan(10);
    let correct = 0;
    for (let k = 0; k < 5; k++) {
      for (let i = 0; i < perClass; i++) {
        const distances = SOUNDSCAPE_CLASSES.map((_, c) =>
          distance(images[k]![i]!, meanOf(c, c === k ? i : -1)),
        );
        if (distances.indexOf(Math.min(...distances)) === k) correct++;
      }
    }
    expect(correct / (5 * perClass)).toBeGreaterThanOrEqual(0.8);
  });
});
