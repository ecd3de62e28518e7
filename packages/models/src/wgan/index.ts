import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import {
  audioClassifierObjective,
  buildAudioClassifier,
  heardCondition,
  oneHotCondition,
  requireAudioClassifier,
  requireLabels,
} from '../class-conditioning';
import { type ConfigInput, resolveConfig, type WganConfig } from '../config';
import { registerCustomLayers, seededInitializers } from '../layers';
import { gradientPenalty, wassersteinCriticLoss, wassersteinGeneratorLoss } from '../losses';
import {
  applySingle,
  type CreateModelOptions,
  checkAudio,
  checkBatch,
  disposeModels,
  type GenerateOptions,
  type HeardCondition,
  type IfaModel,
  resolveHeard,
  runGenerate,
  type TensorBatch,
  trainableVariables,
} from '../model';
import { deriveSeed, resolveSeed, standardNormal, uniform01 } from '../random';
import { type ObjectiveOptions, objectiveFrom, type TrainingObjective } from '../training';
import { buildWganCritic, buildWganGenerator } from './architecture';

export { buildProjectionCritic, buildWganCritic, buildWganGenerator } from './architecture';

/** The sub-models of a WGAN-GP: `audioClassifier` exists only with conditioning `'class'`. */
export type WganSubModels = {
  generator: tfl.LayersModel;
  critic: tfl.LayersModel;
  audioClassifier?: tfl.LayersModel;
};

export interface Wgan extends IfaModel<'wgan'> {
  /**
   * `[noise [N, noiseSize], audio [N, H, W, 1]]` (conditioning 'audio'), `[noise, class vector [N, K]]`
   * ('class') or just noise ('none') -> image in [-1, 1].
   */
  readonly generator: tfl.LayersModel;
  /** `[image in [-1, 1], audio]`, `[image, class vector]` or just image -> unbounded score `[N, 1]`. */
  readonly critic: tfl.LayersModel;
  /** Conditioning `'class'`: audio `[N, H, W, 1]` -> class logits `[N, classCount]`; otherwise null. */
  readonly audioClassifier: tfl.LayersModel | null;
  readonly models: WganSubModels;
}

const NOISE_STREAM = 0;
const INTERPOLATION_STREAM = 1;

/** Pixel values in [0, 1] (the package-wide convention) to the generator's tanh range [-1, 1]. */
export function toTanhRange(image: tf.Tensor): tf.Tensor4D {
  return tf.tidy(() => tf.sub(tf.mul(image, 2), 1) as tf.Tensor4D);
}

/**
 * What the generator and critic are conditioned on besides noise and image: the spectrogram
 * (conditioning 'audio'), a class vector ('class': one-hot labels in training, the classifier's
 * probabilities at generation), or nothing ('none').
 */
type Condition = tf.Tensor | null;

function fakeImages(
  model: { generator: tfl.LayersModel; config: WganConfig },
  condition: Condition,
  count: number,
  seed: number,
  training: boolean,
) {
  const noise = standardNormal([count, model.config.noiseSize], deriveSeed(seed, NOISE_STREAM));
  const inputs = condition === null ? [noise] : [noise, condition];
  return applySingle(model.generator, inputs, training) as tf.Tensor4D;
}

function criticInputs(image: tf.Tensor, condition: Condition): tf.Tensor[] {
  return condition === null ? [image] : [image, condition];
}

/** The condition of a training batch (the pair's one-hot label under 'class'). */
function trainingCondition(config: WganConfig, batch: TensorBatch): Condition {
  if (config.conditioning === 'class') {
    return oneHotCondition(requireLabels(batch, 'a WGAN-GP'), config.classCount);
  }
  return config.conditioning === 'audio' ? batch.audio : null;
}

export function assembleWgan(config: WganConfig, models: WganSubModels): Wgan {
  const { generator, critic } = models;
  const audioClassifier =
    config.conditioning === 'class' ? requireAudioClassifier(models, 'a WGAN-GP') : null;
  const owned: WganSubModels =
    audioClassifier === null ? { generator, critic } : { audioClassifier, generator, critic };
  const generationCondition = (chunk: tf.Tensor4D, heard: HeardCondition): Condition => {
    if (audioClassifier !== null) return heardCondition(audioClassifier, chunk, heard);
    return config.conditioning === 'audio' ? chunk : null;
  };
  return {
    kind: 'wgan',
    config,
    metadata: {},
    preprocessing: null,
    generator,
    critic,
    audioClassifier,
    models: owned,
    /**
     * With conditioning 'none' the audio is only used for its batch size N (pass e.g. `tf.zeros([N, H, W, 1])`).
     */
    generate(audio: tf.Tensor4D, options: GenerateOptions = {}): tf.Tensor4D {
      checkAudio(audio, config);
      const seed = resolveSeed(options.seed);
      const heard = resolveHeard(options.heard);
      return runGenerate(
        'wgan',
        audio,
        options,
        seed,
        (chunk, chunkSeed) =>
          fakeImages(
            { generator, config },
            generationCondition(chunk, heard),
            chunk.shape[0],
            chunkSeed,
            false,
          ),
        (images) => tf.clipByValue(tf.div(tf.add(images, 1), 2), 0, 1) as tf.Tensor4D,
        config.imageSize ** 2 * config.imageChannels,
      );
    },
    dispose() {
      disposeModels({ ...owned });
    },
  };
}

/**
 * WGAN-GP made conditional on audio: the generator reads `concat(noise, audioEmbedding)` and the critic
 * scores `concat(image, audio)`. `{ ...WGAN_ORIGINAL_MNIST_64 }` gives the original unconditioned 64 x 64.
 * `options.seed` makes the initial weights reproducible.
 */
export function createWgan(config?: ConfigInput<WganConfig>, options: CreateModelOptions = {}): Wgan {
  const resolved = resolveConfig('wgan', config);
  const init = seededInitializers(options.seed);
  registerCustomLayers();
  const networks = {
    generator: buildWganGenerator(resolved, init),
    critic: buildWganCritic(resolved, init),
  };
  if (resolved.conditioning !== 'class') return assembleWgan(resolved, networks);
  const audioClassifier = buildAudioClassifier({ ...resolved, filters: resolved.audioEncoderFilters }, init);
  return assembleWgan(resolved, { audioClassifier, ...networks });
}

/**
 * Training building blocks of the WGAN-GP. Run `critic` `config.criticStepsPerGeneratorStep` (5) times per
 * `generator` step (optimizer settings are the trainer's choice). `batch.image` is in [0, 1] like every
 * model here and is mapped to [-1, 1] internally.
 * - `critic`: `mean(C(fake)) - mean(C(real)) + lambda * gradientPenalty` over the critic's variables;
 * - `generator`: `-mean(C(G(noise, audio)))` over the generator's variables;
 * - `classifier` (conditioning 'class' only): the audio classifier's cross-entropy against the label.
 * With conditioning 'class', generator and critic are fed the pair's one-hot label in place of the audio.
 */
export function wganObjectives(model: Wgan): {
  critic: TrainingObjective;
  generator: TrainingObjective;
  classifier?: TrainingObjective;
} {
  const { config, critic } = model;
  const count = (batch: TensorBatch) => batch.image.shape[0];
  const criticTerms = (batch: TensorBatch, options: ObjectiveOptions, training: boolean) => {
    const seed = resolveSeed(options.seed);
    const condition = trainingCondition(config, batch);
    const real = toTanhRange(batch.image);
    const fake = fakeImages(model, condition, count(batch), seed, training);
    const wasserstein = wassersteinCriticLoss(
      applySingle(critic, criticInputs(real, condition), training),
      applySingle(critic, criticInputs(fake, condition), training),
    );
    const epsilon = uniform01([count(batch), 1, 1, 1], deriveSeed(seed, INTERPOLATION_STREAM));
    const penalty = gradientPenalty(
      (x) => applySingle(critic, criticInputs(x, condition), training),
      real,
      fake,
      epsilon,
    );
    return {
      loss: tf.add(wasserstein, tf.mul(config.gradientPenaltyWeight, penalty)) as tf.Scalar,
      wasserstein,
      gradientPenalty: penalty,
    };
  };
  const generatorTerms = (batch: TensorBatch, options: ObjectiveOptions, training: boolean) => {
    const seed = resolveSeed(options.seed);
    const condition = trainingCondition(config, batch);
    const fake = fakeImages(model, condition, count(batch), seed, training);
    return {
      loss: wassersteinGeneratorLoss(applySingle(critic, criticInputs(fake, condition), training)),
    };
  };
  const check = (batch: TensorBatch) => {
    checkBatch(batch, config);
    if (config.conditioning === 'class') requireLabels(batch, 'a WGAN-GP');
  };
  const objectives = {
    critic: objectiveFrom(trainableVariables(critic), check, criticTerms),
    generator: objectiveFrom(trainableVariables(model.generator), check, generatorTerms),
  };
  if (config.conditioning !== 'class') return objectives;
  const classifier = audioClassifierObjective(
    requireAudioClassifier(model.models, 'a WGAN-GP'),
    'a WGAN-GP',
    check,
  );
  return { ...objectives, classifier };
}
