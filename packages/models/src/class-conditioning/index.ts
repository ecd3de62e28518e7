import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { AudioClassifierLayout } from '../config';
import { InvalidInputError } from '../errors';
import type { SeededInitializers } from '../layers';
import { softmaxCrossEntropy } from '../losses';
import { applySingle, type HeardCondition, type TensorBatch, trainableVariables } from '../model';
import { objectiveFrom, type TrainingObjective } from '../training';

type Symbolic = tfl.SymbolicTensor;

/** What the audio classifier's layout depends on. */
export interface AudioClassifierShape {
  /** Default `'small'`. */
  audioClassifierLayout?: AudioClassifierLayout;
  inputHeight: number;
  inputWidth: number;
  /** Output image side of the model it serves: 64 adds a third conv (see {@link buildAudioClassifier}). */
  imageSize: number;
  classCount: number;
  /** Width of the first conv; the later ones use 2x. */
  filters: number;
}

/** A Glorot-initialised dense layer applied to `x`. */
export function denseLayer(
  x: Symbolic,
  units: number,
  name: string,
  init: SeededInitializers,
  activation?: 'relu',
): Symbolic {
  return tfl.layers
    .dense({
      units,
      kernelInitializer: init.glorotUniform(),
      ...(activation !== undefined && { activation }),
      name,
    })
    .apply(x) as Symbolic;
}

/** One 3 x 3 conv of the audio classifier, `'same'` padded, Glorot-initialised. */
function classifierConv(
  x: Symbolic,
  filters: number,
  strides: number,
  name: string,
  init: SeededInitializers,
  useBias = true,
) {
  return tfl.layers
    .conv2d({
      filters,
      kernelSize: 3,
      strides,
      padding: 'same',
      useBias,
      kernelInitializer: init.glorotUniform(),
      name,
    })
    .apply(x) as Symbolic;
}

/**
 * The audio classifier of every model with conditioning `'class'`: spectrogram `[N, H, W, 1]` -> class
 * logits `[N, K]`, then dropout 0.3, a 64-unit ReLU layer and K logits after the convs of its layout:
 * - `'small'`: two 3 x 3 stride-2 convs (f, 2f) with LeakyReLU 0.2. Small on purpose: telling ten spoken
 *   digits apart is easy, and the image side only needs the class.
 * - `'deep'`: at each scale a stride-1 then a stride-2 3 x 3 conv (2f, 2f, then 4f, 4f), each followed by
 *   batch normalisation and LeakyReLU 0.2: an option for voices the model never heard (the root README's
 *   "Voices never heard" measures it; `scripts/loso-probe.mjs` compares the layouts alone).
 * Models of 64 x 64 images (read from 64 x 64 spectrograms) get one more stride-2 conv (at the last width),
 * so the 64-unit layer reads an 8 x 8 map rather than 16 x 16. Keyed on the image size, not the input size,
 * so every 28 x 28 model keeps its layout whatever its spectrogram size.
 */
export function buildAudioClassifier(shape: AudioClassifierShape, init: SeededInitializers): tfl.LayersModel {
  const audio = tfl.input({ shape: [shape.inputHeight, shape.inputWidth, 1], name: 'audio' });
  let x: Symbolic = audio;
  const f = shape.filters;
  if ((shape.audioClassifierLayout ?? 'small') === 'deep') {
    const layers: [number, number][] = [
      [2 * f, 1],
      [2 * f, 2],
      [4 * f, 1],
      [4 * f, 2],
    ];
    if (shape.imageSize !== 28) layers.push([4 * f, 2]);
    for (const [i, [filters, strides]] of layers.entries()) {
      // No bias: the batch norm's offset takes its place.
      x = classifierConv(x, filters, strides, `a_conv${i + 1}`, init, false);
      x = tfl.layers.batchNormalization({ name: `a_bn${i + 1}` }).apply(x) as Symbolic;
      x = tfl.layers.leakyReLU({ alpha: 0.2, name: `a_lrelu${i + 1}` }).apply(x) as Symbolic;
    }
  } else {
    const widths = [f, f * 2];
    if (shape.imageSize !== 28) widths.push(f * 2);
    for (const [i, filters] of widths.entries()) {
      x = classifierConv(x, filters, 2, `a_conv${i + 1}`, init);
      x = tfl.layers.leakyReLU({ alpha: 0.2, name: `a_lrelu${i + 1}` }).apply(x) as Symbolic;
    }
  }
  x = tfl.layers.flatten({ name: 'a_flatten' }).apply(x) as Symbolic;
  // Dropout is not seeded on purpose: a fixed seed would drop the same units on every batch.
  x = tfl.layers.dropout({ rate: 0.3, name: 'a_dropout' }).apply(x) as Symbolic;
  x = denseLayer(x, 64, 'a_hidden', init, 'relu');
  const logits = denseLayer(x, shape.classCount, 'a_logits', init);
  return tfl.model({ inputs: audio, outputs: logits, name: 'audioClassifier' });
}

/** The audio classifier a class-conditioned model must own; `model` names it in the error (`'a CVAE'`). */
export function requireAudioClassifier(
  models: { audioClassifier?: tfl.LayersModel },
  model: string,
): tfl.LayersModel {
  if (models.audioClassifier === undefined) {
    throw new InvalidInputError(`${model} with conditioning "class" needs an audioClassifier sub-model.`);
  }
  return models.audioClassifier;
}

/**
 * The batch's labels, checked: models with conditioning `'class'` train on the pair's class (teacher
 * forcing) and teach their audio classifier on it. `model` names the model in the error (`'a WGAN-GP'`).
 */
export function requireLabels(batch: TensorBatch, model: string): tf.Tensor1D {
  const { labels } = batch;
  if (labels === undefined) {
    throw new InvalidInputError(
      `${model} with conditioning "class" trains on labelled pairs: pass batch.labels ([N] int32, the class of ` +
        "each pair; @ifa/paired-dataset's batchToTensors makes it).",
    );
  }
  if (labels.rank !== 1 || labels.shape[0] !== batch.audio.shape[0]) {
    throw new InvalidInputError(
      `batch.labels must have shape [${batch.audio.shape[0]}] to match batch.audio, got [${labels.shape.join(', ')}].`,
    );
  }
  return labels;
}

/** Labels `[N]` to one-hot float class vectors `[N, classCount]`, the condition fed while training. */
export function oneHotCondition(labels: tf.Tensor1D, classCount: number): tf.Tensor2D {
  return tf.tidy(() => tf.cast(tf.oneHot(tf.cast(labels, 'int32'), classCount), 'float32') as tf.Tensor2D);
}

/**
 * The condition fed at generation `[N, classCount]`: the audio classifier's class probabilities, or with
 * `heard: 'most-likely'` the one-hot vector of its most likely class.
 */
export function heardCondition(
  classifier: tfl.LayersModel,
  audio: tf.Tensor4D,
  heard: HeardCondition = 'probabilities',
): tf.Tensor2D {
  return tf.tidy(() => {
    const logits = applySingle(classifier, audio, false) as tf.Tensor2D;
    if (heard === 'probabilities') return tf.softmax(logits);
    const classCount = logits.shape[1];
    return tf.cast(tf.oneHot(tf.argMax(logits, 1), classCount), 'float32') as tf.Tensor2D;
  });
}

/**
 * The audio classifier's own training phase: softmax cross-entropy of its logits against the pair's label,
 * over its variables only. The GANs run it every batch, apart from their adversarial phases, so it learns at
 * the same pace whatever `criticStepsPerGeneratorStep` is. `check` validates the batch's shapes.
 */
export function audioClassifierObjective(
  classifier: tfl.LayersModel,
  model: string,
  check: (batch: TensorBatch) => void,
): TrainingObjective {
  return objectiveFrom(
    trainableVariables(classifier),
    (batch) => {
      check(batch);
      requireLabels(batch, model);
    },
    (batch, _options, training) => {
      const audioClassification = softmaxCrossEntropy(
        applySingle(classifier, batch.audio, training) as tf.Tensor2D,
        requireLabels(batch, model),
      );
      return { loss: audioClassification };
    },
  );
}
