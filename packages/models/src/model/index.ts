import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { ConfigByKind, ImageShapeConfig, ModelKind } from '../config';
import { InvalidInputError } from '../errors';
import type { ModelPreprocessing } from '../preprocessing';
import type { HeardCondition } from './generate';

/** Any JSON value (what `metadata` may hold). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export interface GenerateOptions {
  /**
   * Seed of every random draw in this call (noise maps, noise vectors, VAE sampling). Same seed, same
   * weights, same input -> same output. Omitted: a fresh random seed. Ignored by the CGAN, which has no noise.
   */
  seed?: number;
  /**
   * Most images per forward pass (default 64). Bigger batches are split into passes of this size and the
   * results joined, so memory stays bounded. Batches larger than this draw each pass's noise from a
   * sub-seed, so their images depend on `seed` and `maxBatch`.
   */
  maxBatch?: number;
  /**
   * What a class-conditioned model (conditioning `'class'`: the CVAE, VAE-GAN and WGAN-GP `recommended`)
   * draws from what its audio classifier hears:
   * - `'probabilities'` (default): the class probabilities. When the classifier is unsure the picture
   *   blends digits ("seven" heard 60/40 against "one" gives something between a 7 and a 1).
   * - `'most-likely'`: the one-hot vector of the most likely class, the kind of condition the decoder
   *   learned from (teacher forcing), so every picture is one digit. On voices the model never heard this
   *   is read right more often (the root README's "Voices never heard").
   * Ignored by models without an audio classifier (the CGAN, conditioning `'audio'` or `'none'`).
   */
  heard?: HeardCondition;
}

/** Options of `createModel` and of every `create*` factory. */
export interface CreateModelOptions {
  /**
   * Seed of the initial weights (an integer). Every layer with random initial weights gets an initializer
   * with its own sub-seed derived from this seed and the layer's position in the build, so the same seed,
   * kind and config give bit-identical weights. Omitted: fresh random weights, as tfjs draws them.
   */
  seed?: number;
}

export interface VaeGenerateOptions extends GenerateOptions {
  /** `'sample'` (default) draws z ~ N(mu, exp(logvar)); `'mean'` decodes z = mu. */
  latent?: 'sample' | 'mean';
}

/**
 * One training batch as tensors: spectrogram images and their target images, both NHWC with values in
 * [0, 1], and the class of each pair. `batchToTensors(tf, batch)` of @ifa/paired-dataset makes one from a
 * typed-array `PairedBatch`.
 */
export interface TensorBatch {
  audio: tf.Tensor4D;
  image: tf.Tensor4D;
  /**
   * `[N]` int32 class of each pair (audio and image share it). Read only by models conditioned on the class
   * (the CVAE with conditioning `'class'`); the others learn from the pairs alone.
   */
  labels?: tf.Tensor1D;
}

/** What every model returned by `create*` / `loadModel` has. */
export interface IfaModel<K extends ModelKind = ModelKind> {
  readonly kind: K;
  /** Resolved config, plain JSON. */
  readonly config: ConfigByKind[K];
  /** Every tfjs sub-model this object owns, by name; `saveModel` writes each to `<name>/model.json`. */
  readonly models: Readonly<Record<string, tfl.LayersModel>>;
  /**
   * Free JSON slot saved to and loaded from `ifa-model.json` (run info, notes). Empty for a freshly
   * created model. How audio is encoded for the model lives in `preprocessing`, not here.
   */
  metadata: JsonObject;
  /**
   * How audio becomes this model's input (the `SpectrogramEncoder` config it was trained with, versioned),
   * saved to and loaded from `ifa-model.json`. `null` for a fresh model until you set it (or pass
   * `saveModel(..., { preprocessing })`); @ifa/train writes it into every checkpoint. Models saved before
   * the record existed get it from their `metadata.encoder` on load.
   */
  preprocessing: ModelPreprocessing | null;
  /**
   * Images `[N, imageSize, imageSize, imageChannels]` with values in [0, 1] for spectrogram images
   * `[N, inputHeight, inputWidth, 1]`.
   */
  generate(audio: tf.Tensor4D, options?: GenerateOptions): tf.Tensor4D;
  /** Frees the weights of every sub-model. The object is unusable afterwards. */
  dispose(): void;
}

export {
  DEFAULT_GENERATE_MAX_BATCH,
  HEARD_CONDITIONS,
  type HeardCondition,
  MAX_GENERATE_OUTPUT_VALUES,
  resolveHeard,
  runGenerate,
} from './generate';

export function checkAudio(audio: tf.Tensor, config: ImageShapeConfig, what = 'audio'): void {
  const [n, h, w, c] = audio.shape;
  if (audio.rank !== 4 || h !== config.inputHeight || w !== config.inputWidth || c !== 1 || n === 0) {
    throw new InvalidInputError(
      `${what} must have shape [N, ${config.inputHeight}, ${config.inputWidth}, 1] (NHWC) with N >= 1, got ` +
        `[${audio.shape.join(', ')}].`,
    );
  }
}

export function checkBatch(batch: TensorBatch, config: ImageShapeConfig): void {
  checkAudio(batch.audio, config, 'batch.audio');
  const [n, h, w, c] = batch.image.shape;
  if (
    batch.image.rank !== 4 ||
    h !== config.imageSize ||
    w !== config.imageSize ||
    c !== config.imageChannels ||
    n !== batch.audio.shape[0]
  ) {
    throw new InvalidInputError(
      `batch.image must have shape [${batch.audio.shape[0]}, ${config.imageSize}, ${config.imageSize}, ` +
        `${config.imageChannels}] to match batch.audio, got [${batch.image.shape.join(', ')}].`,
    );
  }
}

/** Calls a sub-model in eager mode on one or more inputs, returning its outputs as an array. */
export function applyModel(
  model: tfl.LayersModel,
  inputs: tf.Tensor | tf.Tensor[],
  training: boolean,
): tf.Tensor[] {
  const out = model.apply(inputs, { training }) as tf.Tensor | tf.Tensor[];
  return Array.isArray(out) ? out : [out];
}

export function applySingle(
  model: tfl.LayersModel,
  inputs: tf.Tensor | tf.Tensor[],
  training: boolean,
): tf.Tensor {
  return applyModel(model, inputs, training)[0]!;
}

/** Trainable tf.Variables of sub-models, for `optimizer.minimize(f, returnCost, varList)`. */
export function trainableVariables(...models: tfl.LayersModel[]): tf.Variable[] {
  return models.flatMap((m) => m.trainableWeights.map((w) => w.read() as tf.Variable));
}

/** Number of trainable scalars in the sub-models. */
export function countTrainableParams(...models: tfl.LayersModel[]): number {
  return models.reduce(
    (total, m) =>
      total + m.trainableWeights.reduce((s, w) => s + w.shape.reduce<number>((a, b) => a * (b ?? 1), 1), 0),
    0,
  );
}

export function disposeModels(models: Readonly<Record<string, tfl.LayersModel>>): void {
  for (const m of Object.values(models)) m.dispose();
}

export function clipToUnit(x: tf.Tensor): tf.Tensor4D {
  return tf.clipByValue(x, 0, 1) as tf.Tensor4D;
}
