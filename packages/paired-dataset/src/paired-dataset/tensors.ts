import type { PairedBatch } from './batch';

/**
 * The one function of `@tensorflow/tfjs` this package calls, typed structurally so the package never
 * imports TensorFlow: pass the `tf` namespace you already loaded (tfjs, tfjs-node, tfjs-node-gpu).
 */
export interface TensorFactory<T> {
  tensor(values: Float32Array | Int32Array, shape: number[], dtype: 'float32' | 'int32'): T;
}

export interface TensorBatch<T> {
  /** `[B, H, W, 1]` float32 spectrograms (or `[B, H, W]` with `channelAxis: false`). */
  audio: T;
  /** `[B, H, W, C]` float32 images in [0, 1] (or `[B, H, W]` for greyscale with `channelAxis: false`). */
  image: T;
  /** `[B]` int32 labels. */
  labels: T;
}

export interface ToTensorsOptions {
  /** Append a trailing channel axis (NHWC, what tf.layers.conv2d expects). Default true. */
  channelAxis?: boolean;
}

/** Wraps one batch as tensors. The caller owns them: dispose them (or run inside tf.tidy). */
export function batchToTensors<T>(
  tf: TensorFactory<T>,
  batch: PairedBatch,
  options: ToTensorsOptions = {},
): TensorBatch<T> {
  const channelAxis = options.channelAxis ?? true;
  const [b, ah, aw] = batch.audioShape;
  const [, ih, iw, ic] = batch.imageShape;
  return {
    audio: tf.tensor(batch.audio, channelAxis ? [b, ah, aw, 1] : [b, ah, aw], 'float32'),
    image: tf.tensor(batch.image, channelAxis || ic !== 1 ? [b, ih, iw, ic] : [b, ih, iw], 'float32'),
    labels: tf.tensor(batch.labels, [b], 'int32'),
  };
}
