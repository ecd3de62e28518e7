import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { encodePng } from '@ifa/audio-features/node';
import { InvalidOptionError, OutputNotEmptyError } from '../errors';
import { assertSeed, createRng, deriveSeed } from '../random';
import { makePicture, PICTURE_SIZE } from './pictures';
import { encodeWavPcm16, makeSound, SOUNDSCAPE_SAMPLE_RATE } from './sounds';

/**
 * The soundscape classes, sorted, so a class's index here is its label when the folder is loaded
 * (`loadPairsFolder` sorts class names too). Each sound is paired with a picture of the same scene:
 * surf with a beach, rain with a rainy sky, birdsong with a forest, traffic with a street, a campfire's
 * crackle with a fire.
 */
export const SOUNDSCAPE_CLASSES = ['beach', 'fire', 'forest', 'rain', 'street'] as const;

export type SoundscapeClass = (typeof SOUNDSCAPE_CLASSES)[number];

export interface MakeSoundscapesOptions {
  /** Where to write `audio/<class>/<class>-NNN.wav` and `images/<class>/<class>-NNN.png`. */
  outDir: string;
  /** Seeds every sound and picture. Default 0. */
  seed?: number;
  /** WAV files per class. Default 60. */
  recordingsPerClass?: number;
  /** PNG files per class. Default 60. */
  imagesPerClass?: number;
  /** Each recording's length is drawn uniformly from this range, in seconds. Default [2, 4]. */
  durationSeconds?: readonly [number, number];
  /**
   * Write into a non-empty `outDir`, first removing the five class folders under `audio/` and `images/`
   * (other files are left alone). Default false: a non-empty `outDir` throws OutputNotEmptyError.
   */
  overwrite?: boolean;
  /** Called after each file is written. */
  onProgress?: (progress: { done: number; total: number; path: string }) => void;
}

export interface SoundscapesSummary {
  outDir: string;
  classes: SoundscapeClass[];
  seed: number;
  recordingsPerClass: number;
  imagesPerClass: number;
  sampleRate: number;
  imageSize: number;
  /** Every WAV written, by class then number. */
  audioFiles: string[];
  /** Every PNG written, by class then number. */
  imageFiles: string[];
  /** Bytes written, all files together. */
  bytes: number;
}

const MAX_PER_CLASS = 100_000;

function count(option: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1 || value > MAX_PER_CLASS) {
    throw new InvalidOptionError({ option, value, expected: `an integer from 1 to ${MAX_PER_CLASS}` });
  }
  return value;
}

/** Draw streams: each file's generator depends only on (seed, class, kind, number), not on the counts. */
const AUDIO_STREAM = 1;
const IMAGE_STREAM = 2;

/**
 * Writes the synthetic "soundscapes" pairs folder: five classes of procedurally made sounds (16-bit PCM
 * mono WAV at 16 kHz, 2-4 s) and 64 x 64 RGB PNG pictures, in the layout `loadPairsFolder` and
 * `ifa train --pairs` read. Pure JS and deterministic: the same options give byte-identical files; a file
 * depends only on the seed, its class and its number, so asking for more files keeps the first ones.
 */
export async function makeSoundscapes(options: MakeSoundscapesOptions): Promise<SoundscapesSummary> {
  const { outDir } = options;
  if (typeof outDir !== 'string' || outDir.length === 0) {
    throw new InvalidOptionError({ option: 'outDir', value: outDir, expected: 'a folder path' });
  }
  const seed = assertSeed(options.seed ?? 0, 'seed');
  const recordingsPerClass = count('recordingsPerClass', options.recordingsPerClass ?? 60);
  const imagesPerClass = count('imagesPerClass', options.imagesPerClass ?? 60);
  const [minSeconds, maxSeconds] = options.durationSeconds ?? [2, 4];
  if (
    !(Number.isFinite(minSeconds) && Number.isFinite(maxSeconds)) ||
    minSeconds < 0.1 ||
    maxSeconds > 600 ||
    minSeconds > maxSeconds
  ) {
    throw new InvalidOptionError({
      option: 'durationSeconds',
      value: options.durationSeconds,
      expected: '[min, max] seconds with 0.1 <= min <= max <= 600',
    });
  }

  const existing = await readdir(outDir).catch((error: { code?: string }) => {
    if (error.code === 'ENOENT') return [] as string[];
    throw error;
  });
  if (existing.length > 0) {
    if (!options.overwrite) throw new OutputNotEmptyError(outDir);
    await Promise.all(
      SOUNDSCAPE_CLASSES.flatMap((name) => [
        rm(join(outDir, 'audio', name), { recursive: true, force: true }),
        rm(join(outDir, 'images', name), { recursive: true, force: true }),
      ]),
    );
  }

  const total = SOUNDSCAPE_CLASSES.length * (recordingsPerClass + imagesPerClass);
  const digits = Math.max(3, String(Math.max(recordingsPerClass, imagesPerClass) - 1).length);
  const audioFiles: string[] = [];
  const imageFiles: string[] = [];
  let bytes = 0;
  let done = 0;
  const write = async (path: string, data: Uint8Array) => {
    await writeFile(path, data);
    bytes += data.length;
    done++;
    options.onProgress?.({ done, total, path });
  };
  for (const [classIndex, name] of SOUNDSCAPE_CLASSES.entries()) {
    const audioDir = join(outDir, 'audio', name);
    const imageDir = join(outDir, 'images', name);
    await mkdir(audioDir, { recursive: true });
    await mkdir(imageDir, { recursive: true });
    for (let i = 0; i < recordingsPerClass; i++) {
      const rng = createRng(deriveSeed(seed, classIndex, AUDIO_STREAM, i));
      const seconds = minSeconds + (maxSeconds - minSeconds) * rng.next();
      const path = join(audioDir, `${name}-${String(i).padStart(digits, '0')}.wav`);
      await write(path, encodeWavPcm16(makeSound(name, rng, seconds), SOUNDSCAPE_SAMPLE_RATE));
      audioFiles.push(path);
    }
    for (let i = 0; i < imagesPerClass; i++) {
      const rng = createRng(deriveSeed(seed, classIndex, IMAGE_STREAM, i));
      const data = makePicture(name, rng);
      const path = join(imageDir, `${name}-${String(i).padStart(digits, '0')}.png`);
      await write(path, encodePng({ width: PICTURE_SIZE, height: PICTURE_SIZE, channels: 3, data }));
      imageFiles.push(path);
    }
  }
  return {
    outDir,
    classes: [...SOUNDSCAPE_CLASSES],
    seed,
    recordingsPerClass,
    imagesPerClass,
    sampleRate: SOUNDSCAPE_SAMPLE_RATE,
    imageSize: PICTURE_SIZE,
    audioFiles,
    imageFiles,
    bytes,
  };
}
