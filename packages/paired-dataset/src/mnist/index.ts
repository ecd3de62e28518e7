import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathExists } from '@ifa/core/node';
import { DatasetNotFoundError, IdxFormatError, InvalidOptionError } from '../errors';
import { parseIdx } from './idx';

export { type IdxTensor, parseIdx } from './idx';

/** Images as unsigned bytes, row-major `[count, height, width, channels]` (channels is 1 for MNIST). */
export interface ImageSet {
  images: Uint8Array;
  labels: Uint8Array;
  count: number;
  height: number;
  width: number;
  /** Colour channels per pixel; absent means 1 (greyscale). */
  channels?: number;
  /** Class names, indexed by label, for sets loaded from folders. */
  classes?: readonly string[];
  /** For a subset: index of every image in the set it was taken from (lets callers check for leaks). */
  sourceIndices?: Int32Array;
}

export type MnistSplit = 'train' | 'test';

export interface LoadMnistOptions {
  /**
   * The data folder: either the root holding `mnist/` (see resolveDataDir) or the `mnist/` folder
   * itself.
   */
  dir: string;
  split: MnistSplit;
}

/** Canonical file names, as published and as every mirror serves them. */
export const MNIST_FILES = {
  train: { images: 'train-images-idx3-ubyte.gz', labels: 'train-labels-idx1-ubyte.gz' },
  test: { images: 't10k-images-idx3-ubyte.gz', labels: 't10k-labels-idx1-ubyte.gz' },
} as const;

/** Finds the folder holding the MNIST files: `<dir>/mnist` if it exists, else `dir` itself. */
export async function resolveMnistDir(dir: string): Promise<string> {
  if (!(await pathExists(dir))) {
    throw new DatasetNotFoundError(dir, 'Pass an existing data folder, or call downloadDatasets() first.');
  }
  const nested = join(dir, 'mnist');
  return (await pathExists(nested)) ? nested : dir;
}

async function readRequired(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new DatasetNotFoundError(
        path,
        'Download the MNIST files with downloadDatasets({ cacheDir }) from @ifa/paired-dataset, or copy the ' +
          'canonical gzip IDX file there by hand (its md5 is in MNIST_MD5 and in the "MNIST files" table of ' +
          'the @ifa/paired-dataset README; verifyDatasets(dir) checks it).',
        { cause },
      );
    }
    throw cause;
  }
}

/** Loads one MNIST split from its gzip IDX files, checking magic numbers and sizes. */
export async function loadMnist(options: LoadMnistOptions): Promise<ImageSet> {
  const { split } = options;
  if (split !== 'train' && split !== 'test') {
    throw new InvalidOptionError({ option: 'split', value: split, expected: "'train' or 'test'" });
  }
  const mnistDir = await resolveMnistDir(options.dir);
  const files = MNIST_FILES[split];
  const imagesPath = join(mnistDir, files.images);
  const labelsPath = join(mnistDir, files.labels);
  // allSettled, then the first failure in this fixed order: with Promise.all, whichever missing file's
  // read failed first would be reported, so the error (and a test of it) depended on I/O timing.
  const reads = await Promise.allSettled([readRequired(imagesPath), readRequired(labelsPath)]);
  for (const read of reads) if (read.status === 'rejected') throw read.reason;
  const [imageBytes, labelBytes] = reads.map(
    (read) => (read as PromiseFulfilledResult<Uint8Array>).value,
  ) as [Uint8Array, Uint8Array];
  const images = parseIdx(imageBytes, imagesPath, 3);
  const labels = parseIdx(labelBytes, labelsPath, 1);
  const [count, height, width] = images.dims as [number, number, number];
  if (labels.dims[0] !== count) {
    throw new IdxFormatError(
      labelsPath,
      `holds ${labels.dims[0]} labels but ${imagesPath} holds ${count} images`,
    );
  }
  for (let i = 0; i < labels.data.length; i++) {
    if (labels.data[i]! > 9)
      throw new IdxFormatError(labelsPath, `label ${labels.data[i]} at index ${i} is not a digit`);
  }
  return { images: images.data, labels: labels.data, count, height, width, channels: 1 };
}
