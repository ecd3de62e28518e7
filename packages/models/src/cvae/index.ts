import { InvalidOptionError } from '@ifa/core';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import {
  buildAudioClassifier,
  heardCondition,
  oneHotCondition,
  requireAudioClassifier,
  requireLabels,
} from '../class-conditioning';
import { type ConfigInput, type CvaeConfig, type ImageShapeConfig, resolveConfig } from '../config';
import { registerCustomLayers, seededInitializers } from '../layers';
import {
  bernoulliNegativeLogLikelihood,
  cvaeLoss,
  gaussianKlPerSample,
  klDivergence,
  softmaxCrossEntropy,
  sumSquaredError,
} from '../losses';
import {
  applyModel,
  applySingle,
  type CreateModelOptions,
  checkAudio,
  checkBatch,
  clipToUnit,
  disposeModels,
  type HeardCondition,
  type IfaModel,
  resolveHeard,
  runGenerate,
  type TensorBatch,
  trainableVariables,
  type VaeGenerateOptions,
} from '../model';
import { resolveSeed, standardNormal } from '../random';
import { type ObjectiveOptions, objectiveFrom, type TrainingObjective } from '../training';
import { buildVaeDecoder, buildVaeEncoder, reparameterize } from '../vae';
import { buildClassDecoder, buildClassEncoder } from './class-conditional';

export { buildAudioClassifier } from '../class-conditioning';
export { buildClassDecoder, buildClassEncoder } from './class-conditional';

/** The sub-models of a CVAE: `audioClassifier` exists only with conditioning `'class'`. */
export type CvaeSubModels = {
  encoder: tfl.LayersModel;
  decoder: tfl.LayersModel;
  audioClassifier?: tfl.LayersModel;
};

export interface CvaeGenerateOptions extends VaeGenerateOptions {
  /**
   * Conditioning `'class'` only: standard deviation of the prior draw of z (default: the config's
   * `samplingTemperature`). `latent: 'mean'` decodes z = 0, the most typical image of the class.
   */
  temperature?: number;
}

export interface Cvae extends IfaModel<'cvae'> {
  /**
   * Conditioning `'audio'`: audio `[N, H, W, 1]` -> `[mu, logvar]`. Conditioning `'class'`:
   * `[image, class vector]` -> `[mu, logvar]`. Each `[N, latentSize]`.
   */
  readonly encoder: tfl.LayersModel;
  /**
   * `'audio'`: z -> image `[N, imageSize, imageSize, imageChannels]`. `'class'`: `[z, class vector]` -> pixel
   * logits of that shape.
   */
  readonly decoder: tfl.LayersModel;
  /** Conditioning `'class'`: audio `[N, H, W, 1]` -> class logits `[N, classCount]`; otherwise null. */
  readonly audioClassifier: tfl.LayersModel | null;
  readonly models: CvaeSubModels;
  generate(audio: tf.Tensor4D, options?: CvaeGenerateOptions): tf.Tensor4D;
}

/** The `temperature` generation option, checked; `fallback` (the config's) when omitted. */
function resolveTemperature(temperature: unknown, fallback: number): number {
  if (temperature === undefined) return fallback;
  if (typeof temperature !== 'number' || !Number.isFinite(temperature) || temperature < 0) {
    throw new InvalidOptionError(
      { option: 'temperature', value: temperature, expected: 'a finite number >= 0' },
      { hint: 'The standard deviation of the prior draw of z; 1 is the prior itself.' },
    );
  }
  return temperature;
}

/**
 * Conditioning 'class' at generation: the audio classifier's probabilities, z from the (tempered) prior,
 * decoded to pixel logits.
 */
function drawFromClass(
  config: { latentSize: number },
  models: { audioClassifier?: tfl.LayersModel; decoder: tfl.LayersModel },
  audio: tf.Tensor4D,
  seed: number,
  temperature: number,
  latent: 'sample' | 'mean',
  heard: HeardCondition,
): tf.Tensor {
  return tf.tidy(() => {
    const classifier = requireAudioClassifier(models, 'a CVAE');
    const condition = heardCondition(classifier, audio, heard);
    const shape = [audio.shape[0], config.latentSize];
    const z = latent === 'mean' ? tf.zeros(shape) : tf.mul(temperature, standardNormal(shape, seed));
    return applySingle(models.decoder, [z, condition], false);
  });
}

function sigmoidImages(logits: tf.Tensor): tf.Tensor4D {
  return tf.tidy(() => tf.sigmoid(logits) as tf.Tensor4D);
}

/**
 * `generate` of a class-conditioned VAE (CVAE or VAE-GAN): the heard class and a tempered prior draw of z,
 * decoded, in chunks; images in [0, 1].
 */
export function generateFromClass(
  kind: 'cvae' | 'vaegan',
  config: ImageShapeConfig & { latentSize: number; samplingTemperature: number },
  models: { audioClassifier?: tfl.LayersModel; decoder: tfl.LayersModel },
  audio: tf.Tensor4D,
  options: CvaeGenerateOptions,
  seed: number,
): tf.Tensor4D {
  const temperature = resolveTemperature(options.temperature, config.samplingTemperature);
  const heard = resolveHeard(options.heard);
  return runGenerate(
    kind,
    audio,
    options,
    seed,
    (chunk, chunkSeed) =>
      drawFromClass(config, models, chunk, chunkSeed, temperature, options.latent ?? 'sample', heard),
    sigmoidImages,
    config.imageSize ** 2 * config.imageChannels,
  );
}

function encodeDecode(
  model: CvaeSubModels,
  audio: tf.Tensor4D,
  seed: number,
  latent: 'sample' | 'mean',
  training: boolean,
) {
  const [mu, logvar] = applyModel(model.encoder, audio, training) as [tf.Tensor2D, tf.Tensor2D];
  const z = latent === 'mean' ? mu : reparameterize(mu, logvar, standardNormal(mu.shape, seed));
  const image = applySingle(model.decoder, z, training) as tf.Tensor4D;
  return { image, mu, logvar };
}

export function assembleCvae(config: CvaeConfig, models: CvaeSubModels): Cvae {
  const { encoder, decoder } = models;
  const audioClassifier = config.conditioning === 'class' ? requireAudioClassifier(models, 'a CVAE') : null;
  const owned: CvaeSubModels =
    audioClassifier === null ? { encoder, decoder } : { audioClassifier, encoder, decoder };
  return {
    kind: 'cvae',
    config,
    metadata: {},
    preprocessing: null,
    encoder,
    decoder,
    audioClassifier,
    models: owned,
    generate(audio, options = {}) {
      checkAudio(audio, config);
      const seed = resolveSeed(options.seed);
      if (config.conditioning === 'class')
        return generateFromClass('cvae', config, owned, audio, options, seed);
      return runGenerate(
        'cvae',
        audio,
        options,
        seed,
        (chunk, chunkSeed) => encodeDecode(models, chunk, chunkSeed, options.latent ?? 'sample', false).image,
        clipToUnit,
        config.imageSize ** 2 * config.imageChannels,
      );
    },
    dispose() {
      disposeModels({ ...owned });
    },
  };
}

/**
 * Conditional VAE. Conditioning `'audio'` (the original): encodes the spectrogram image to a latent
 * Gaussian and decodes an image from it. Conditioning `'class'` (the `recommended` preset): an audio
 * classifier, q(z | image, class) and p(image | z, class). `options.seed` makes the initial weights
 * reproducible.
 */
export function createCvae(config?: ConfigInput<CvaeConfig>, options: CreateModelOptions = {}): Cvae {
  const resolved = resolveConfig('cvae', config);
  const init = seededInitializers(options.seed);
  registerCustomLayers();
  if (resolved.conditioning === 'class') {
    return assembleCvae(resolved, {
      audioClassifier: buildAudioClassifier(resolved, init),
      encoder: buildClassEncoder(resolved, init),
      decoder: buildClassDecoder(resolved, init),
    });
  }
  return assembleCvae(resolved, {
    encoder: buildVaeEncoder(resolved, init),
    decoder: buildVaeDecoder(resolved, init),
  });
}

/**
 * Conditioning 'class': the negative ELBO of the pair's image given its label, plus the audio classifier's
 * cross-entropy on the same label. Encoder and decoder see the true label (teacher forcing); generation
 * swaps in the classifier's probabilities, which it learns to make match.
 */
function classConditionedTerms(model: Cvae, batch: TensorBatch, seed: number, training: boolean) {
  const { config } = model;
  const classifier = requireAudioClassifier(model.models, 'a CVAE');
  const labels = requireLabels(batch, 'a CVAE');
  const condition = oneHotCondition(labels, config.classCount);
  const [mu, logvar] = applyModel(model.encoder, [batch.image, condition], training) as [
    tf.Tensor2D,
    tf.Tensor2D,
  ];
  const z = reparameterize(mu, logvar, standardNormal(mu.shape, seed));
  const logits = applySingle(model.decoder, [z, condition], training);
  const reconstruction = bernoulliNegativeLogLikelihood(logits, batch.image);
  const kl = gaussianKlPerSample(mu, logvar);
  const audioClassification = softmaxCrossEntropy(
    applySingle(classifier, batch.audio, training) as tf.Tensor2D,
    labels,
  );
  const loss = tf.addN([
    tf.mul(config.reconstructionWeight, reconstruction),
    tf.mul(config.klWeight, kl),
    tf.mul(config.audioClassifierWeight, audioClassification),
  ]) as tf.Scalar;
  return { loss, reconstruction, kl, audioClassification };
}

/**
 * Training building block of the CVAE (one optimizer over all its sub-models).
 * - Conditioning `'audio'`: `r * SSE(decoder(z), image) + k * KL(mu, logvar)` with `z` sampled by
 *   reparameterisation.
 * - Conditioning `'class'`: `r * BCE(decoder(z, label), image) + k * KL + w * CE(audioClassifier(audio),
 *   label)`, BCE summed per image and KL per sample (the ELBO), both averaged over the batch. One Adam over
 *   the union of variables equals one per sub-model, since Adam's update is per parameter.
 */
export function cvaeObjectives(model: Cvae): { vae: TrainingObjective } {
  const { config } = model;
  const check = (batch: TensorBatch) => checkBatch(batch, config);
  if (config.conditioning === 'class') {
    const classifier = requireAudioClassifier(model.models, 'a CVAE');
    return {
      vae: objectiveFrom(
        trainableVariables(classifier, model.encoder, model.decoder),
        (batch) => {
          check(batch);
          requireLabels(batch, 'a CVAE');
        },
        (batch, options, training) =>
          classConditionedTerms(model, batch, resolveSeed(options.seed), training),
      ),
    };
  }
  const terms = (batch: TensorBatch, options: ObjectiveOptions, training: boolean) => {
    const seed = resolveSeed(options.seed);
    const { image, mu, logvar } = encodeDecode(model.models, batch.audio, seed, 'sample', training);
    return {
      loss: cvaeLoss(image, batch.image, mu, logvar, config),
      reconstruction: sumSquaredError(image, batch.image),
      kl: klDivergence(mu, logvar),
    };
  };
  return {
    vae: objectiveFrom(trainableVariables(model.encoder, model.decoder), check, terms),
  };
}
