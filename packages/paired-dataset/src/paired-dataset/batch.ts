/** One batch of pairs as plain typed arrays (`batchToTensors` turns it into tensors). */
export interface PairedBatch {
  /** Spectrograms, row-major `[B, H, W]`, values in [0, 1]. */
  audio: Float32Array;
  /** Images, row-major `[B, H, W]` (MNIST: 28 x 28), or `[B, H, W, C]` for colour; values in [0, 1]. */
  image: Float32Array;
  /** The label of every pair; audio and image always agree. */
  labels: Int32Array;
  /** Index of every pair's audio in the dataset. */
  audioIndices: Int32Array;
  /** Index of every pair's image in the image set. */
  imageIndices: Int32Array;
  audioShape: [number, number, number];
  imageShape: [number, number, number, number];
}
