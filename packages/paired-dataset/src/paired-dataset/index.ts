import { InvalidOptionError } from '../errors';
import type { ImageSet } from '../mnist';
import type { LabelPairing } from '../pairing';
import { assertSeed, createRng, deriveSeed, permutation } from '../random';
import type { EncodedAudioSet } from '../spectrogram-cache';
import type { PairedBatch } from './batch';
import { batchToTensors, type TensorBatch, type TensorFactory, type ToTensorsOptions } from './tensors';

export type { PairedBatch } from './batch';

export { batchToTensors, type TensorBatch, type TensorFactory, type ToTensorsOptions } from './tensors';

export interface BatchOptions {
  batchSize?: number;
  /** Shuffle the audio order (seeded by seed and epoch). Default true. */
  shuffle?: boolean;
  seed?: number;
  /** Selects both the shuffle order and, for random pairing, which images are drawn. */
  epoch?: number;
  /** Leave out a last batch smaller than batchSize. Default false. */
  dropRemainder?: boolean;
}

export interface PairedDatasetInit {
  audio: EncodedAudioSet;
  images: ImageSet;
  pairing: LabelPairing;
}

/**
 * Spectrograms paired with images. Batches are plain typed arrays, so nothing here needs TensorFlow; use
 * `tensorBatches(tf, ...)` or `batchToTensors(tf, batch)` to get tensors.
 */
export class PairedDataset {
  readonly audio: EncodedAudioSet;
  readonly images: ImageSet;
  readonly pairing: LabelPairing;

  constructor(init: PairedDatasetInit) {
    const { audio, images, pairing } = init;
    if (pairing.size !== audio.count) {
      throw new InvalidOptionError(
        {
          option: 'pairing',
          value: `a pairing of ${pairing.size} audio items`,
          expected: `a pairing of the ${audio.count} items in the spectrogram set`,
        },
        { hint: 'Build the pairing from the same audio.' },
      );
    }
    if (audio.data.length !== audio.count * audio.height * audio.width) {
      throw new InvalidOptionError({
        option: 'audio.data',
        value: `${audio.data.length} values`,
        expected: `count x height x width = ${audio.count} x ${audio.height} x ${audio.width} values`,
      });
    }
    this.audio = audio;
    this.images = images;
    this.pairing = pairing;
  }

  /** Number of pairs per epoch (one per recording). */
  get size(): number {
    return this.audio.count;
  }

  get audioShape(): [number, number] {
    return [this.audio.height, this.audio.width];
  }

  get imageShape(): [number, number, number] {
    return [this.images.height, this.images.width, this.images.channels ?? 1];
  }

  /** Number of batches `batches()` yields with these options. */
  batchCount(options: BatchOptions = {}): number {
    const batchSize = resolveBatchSize(options.batchSize);
    return options.dropRemainder ? Math.floor(this.size / batchSize) : Math.ceil(this.size / batchSize);
  }

  *batches(options: BatchOptions = {}): Generator<PairedBatch, void, undefined> {
    const batchSize = resolveBatchSize(options.batchSize);
    const shuffle = options.shuffle ?? true;
    const seed = assertSeed(options.seed ?? 0, 'seed');
    const epoch = options.epoch ?? 0;
    if (!Number.isSafeInteger(epoch) || epoch < 0) {
      throw new InvalidOptionError({ option: 'epoch', value: epoch, expected: 'a non-negative integer' });
    }
    const order = shuffle
      ? permutation(this.size, createRng(deriveSeed(seed, epoch, 0x5a1f)))
      : Int32Array.from({ length: this.size }, (_, i) => i);
    const imageForAudio = this.pairing.imageIndicesForEpoch(epoch);
    const { height: ah, width: aw } = this.audio;
    const audioSize = ah * aw;
    const [ih, iw, ic] = this.imageShape;
    const imageSize = ih * iw * ic;

    for (let start = 0; start < this.size; start += batchSize) {
      const b = Math.min(batchSize, this.size - start);
      if (b < batchSize && options.dropRemainder) return;
      const audio = new Float32Array(b * audioSize);
      const image = new Float32Array(b * imageSize);
      const labels = new Int32Array(b);
      const audioIndices = order.slice(start, start + b);
      const imageIndices = new Int32Array(b);
      for (let j = 0; j < b; j++) {
        const a = audioIndices[j]!;
        const m = imageForAudio[a]!;
        imageIndices[j] = m;
        audio.set(this.audio.data.subarray(a * audioSize, (a + 1) * audioSize), j * audioSize);
        const pixels = this.images.images.subarray(m * imageSize, (m + 1) * imageSize);
        const offset = j * imageSize;
        for (let p = 0; p < imageSize; p++) image[offset + p] = pixels[p]! / 255;
        labels[j] = this.audio.labels[a]!;
      }
      yield {
        audio,
        image,
        labels,
        audioIndices,
        imageIndices,
        audioShape: [b, ah, aw],
        imageShape: [b, ih, iw, ic],
      };
    }
  }

  /** Like batches(), as tensors made with the `tf` namespace you pass. Dispose each batch after use. */
  *tensorBatches<T>(
    tf: TensorFactory<T>,
    options: BatchOptions & ToTensorsOptions = {},
  ): Generator<TensorBatch<T>, void, undefined> {
    for (const batch of this.batches(options)) yield batchToTensors(tf, batch, options);
  }
}

function resolveBatchSize(batchSize: number | undefined): number {
  const resolved = batchSize ?? 32;
  if (!Number.isSafeInteger(resolved) || resolved < 1) {
    throw new InvalidOptionError({ option: 'batchSize', value: resolved, expected: 'a positive integer' });
  }
  return resolved;
}
