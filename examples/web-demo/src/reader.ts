import type { PainterImage } from '@ifa/painter';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

/** What the digit reader sees in a picture. */
export interface Reading {
  digit: number;
  /** The reader's probability for that digit, 0 to 1. */
  confidence: number;
}

/**
 * The digit reader: @ifa/evaluate's judge (the classifier behind every accuracy figure in the READMEs),
 * exported as a plain tfjs layers model in scripts/fixtures/digit-judge and served with the page. It
 * turns a picture into the words a screen reader says ("drew a 7"); the browser test reads the same
 * pixels with the same judge in Node.
 */
export class DigitReader {
  private constructor(private readonly model: tfl.LayersModel) {}

  /** Loads `model.json` and its `weights.bin` from `folderUrl` (a URL ending in `/`). */
  static async load(folderUrl: URL): Promise<DigitReader> {
    const [json, weights] = await Promise.all([
      fetchOk(new URL('model.json', folderUrl)).then((r) => r.json()),
      fetchOk(new URL('weights.bin', folderUrl)).then((r) => r.arrayBuffer()),
    ]);
    const { modelTopology, weightsManifest } = json as {
      modelTopology: object;
      weightsManifest: { weights: tf.io.WeightsManifestEntry[] }[];
    };
    const model = await tfl.loadLayersModel(
      tf.io.fromMemory({ modelTopology, weightSpecs: weightsManifest[0]!.weights, weightData: weights }),
    );
    return new DigitReader(model);
  }

  /** Reads each picture (28 x 28 grey, values in [0, 1], white on black). */
  async read(images: readonly PainterImage[]): Promise<Reading[]> {
    if (images.length === 0) return [];
    const { width, height } = images[0]!;
    const batch = new Float32Array(images.length * width * height);
    for (const [i, image] of images.entries()) batch.set(image.data, i * width * height);
    const probabilities = tf.tidy(
      () => this.model.predict(tf.tensor4d(batch, [images.length, height, width, 1])) as tf.Tensor2D,
    );
    // An async read: never stalls a GPU backend.
    const values = await probabilities.data();
    probabilities.dispose();
    return images.map((_, i) => {
      const row = Array.from(values.subarray(i * 10, i * 10 + 10));
      const digit = row.indexOf(Math.max(...row));
      return { digit, confidence: row[digit]! };
    });
  }
}

async function fetchOk(url: URL): Promise<Response> {
  const response = await fetch(url);
  if (!response.ok)
    throw new Error(`could not load the digit reader: ${url.pathname} gave ${response.status}`);
  return response;
}
