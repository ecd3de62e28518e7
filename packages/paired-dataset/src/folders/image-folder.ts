import { readFile } from 'node:fs/promises';
import { mapWithConcurrency } from '../concurrency';
import { EmptyDatasetError, type InvalidFile, InvalidImageFilesError, InvalidOptionError } from '../errors';
import type { ImageSet } from '../mnist';
import type { LoadFolderOptions } from './audio-folder';
import { listClassFiles } from './class-folders';

export interface LoadImageFolderOptions extends LoadFolderOptions {
  /** Output size: one number for square images, or [height, width]. Default 28. */
  size?: number | readonly [number, number];
  /** 1: greyscale (ITU-R BT.601 luma), 3: RGB. Default 1. */
  channels?: 1 | 3;
}

export interface ImageFolderSet extends ImageSet {
  classes: string[];
  /** Source file of every image. */
  paths: string[];
}

/**
 * Loads `<dir>/<class>/*.{png,jpg,jpeg}`, decoded and resized (stretched, aspect ratio not kept) with
 * jimp. Transparent pixels are composited over black, the MNIST background.
 */
export async function loadImageFolder(
  dir: string,
  options: LoadImageFolderOptions = {},
): Promise<ImageFolderSet> {
  const size = options.size ?? 28;
  const [height, width] = typeof size === 'number' ? [size, size] : size;
  for (const [name, value] of [
    ['size (height)', height],
    ['size (width)', width],
  ] as const) {
    if (!Number.isSafeInteger(value) || value < 1 || value > 4096) {
      throw new InvalidOptionError({ option: name, value, expected: 'an integer from 1 to 4096' });
    }
  }
  const channels = options.channels ?? 1;
  if (channels !== 1 && channels !== 3) {
    throw new InvalidOptionError({ option: 'channels', value: channels, expected: '1 or 3' });
  }

  const { classes, files } = await listClassFiles(dir, ['.png', '.jpg', '.jpeg'], 'PNG or JPEG');
  if (classes.length > 256) {
    throw new InvalidOptionError(
      { option: 'dir', value: dir, expected: 'a folder with at most 256 class folders' },
      { hint: `It has ${classes.length}.` },
    );
  }
  // Loaded on first use: jimp is large and only this loader needs it.
  const { Jimp } = await import('jimp');
  const pixels = height * width * channels;
  const invalid: InvalidFile[] = [];
  const decoded = await mapWithConcurrency(files, 4, async (file) => {
    try {
      const image = await Jimp.read(await readFile(file.path));
      image.resize({ w: width, h: height });
      const rgba = image.bitmap.data;
      const out = new Uint8Array(pixels);
      for (let p = 0; p < height * width; p++) {
        const alpha = rgba[4 * p + 3]! / 255;
        const r = rgba[4 * p]! * alpha;
        const g = rgba[4 * p + 1]! * alpha;
        const b = rgba[4 * p + 2]! * alpha;
        if (channels === 1) out[p] = Math.round(0.299 * r + 0.587 * g + 0.114 * b);
        else {
          out[3 * p] = Math.round(r);
          out[3 * p + 1] = Math.round(g);
          out[3 * p + 2] = Math.round(b);
        }
      }
      return { file, out };
    } catch (error) {
      invalid.push({ path: file.path, reason: error instanceof Error ? error.message : String(error) });
      return undefined;
    }
  });
  invalid.sort((a, b) => (a.path < b.path ? -1 : 1));
  if (invalid.length > 0) {
    if ((options.onInvalid ?? 'throw') === 'throw') throw new InvalidImageFilesError(invalid);
    for (const file of invalid) {
      (options.onWarning ?? ((w) => console.warn(`@ifa/paired-dataset: skipped ${w.path}: ${w.reason}`)))(
        file,
      );
    }
  }
  const good = decoded.filter((entry) => entry !== undefined);
  if (good.length === 0) throw new EmptyDatasetError(dir, 'at least one decodable PNG or JPEG image');
  const images = new Uint8Array(good.length * pixels);
  good.forEach((entry, i) => {
    images.set(entry.out, i * pixels);
  });
  return {
    images,
    labels: Uint8Array.from(good, (entry) => entry.file.label),
    count: good.length,
    height,
    width,
    channels,
    classes,
    paths: good.map((entry) => entry.file.path),
  };
}
