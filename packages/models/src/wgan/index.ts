import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
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
  type IfaModel,
  runGenerate,
  type TensorBatch,
  trainableVariables,
} from '../model';
import { deriveSeed, resolveSeed, standardNormal, uniform01 } from '../random';
import { type ObjectiveOptions, objectiveFrom, type TrainingObjective } from '../training';
import { buildWganCritic, buildWganGenerator } from './architecture';

export { buildWganCritic, buildWganGenerator } from './architecture';

export interface Wgan extends IfaModel<'wgan'> {
  /** `[noise [N, noiseSize], audio [N, H, W, 1]]` (or just noise, conditioning 'none') -> image in [-1, 1]. */
  readonly generator: tfl.LayersModel;
  /** `[image in [-1, 1], audio]` (or just image) -> unbounded score `[N, 1]`. */
  readonly critic: tfl.LayersModel;
  readonly models: { generator: tfl.LayersModel; critic: tfl.LayersModel };
}

const NOISE_STREAM = 0;
const INTERPOLATION_STREAM = 1;

/** Pixel values in [0, 1] (the package-wide convention) to the generator's tanh range [-1, 1]. */
export function toTanhRange(image: tf.Tensor): tf.Tensor4D {
  return tf.tidy(() => tf.sub(tf.mul(image, 2), 1) as tf.Tensor4D);
}

function fakeImages(
  model: { generator: tfl.LayersModel; config: WganConfig },
  audio: tf.Tensor4D,
  seed: number,
  training: boolean,
) {
  const noise = standardNormal([audio.shape[0], model.config.noiseSize], deriveSeed(seed, NOISE_STREAM));
  const inputs = model.config.conditioning === 'audio' ? [noise, audio] : [noise];
  return applySingle(model.generator, inputs, training) as tf.Tensor4D;
}

function criticInputs(config: WganConfig, image: tf.Tensor, audio: tf.Tensor): tf.Tensor[] {
  return config.conditioning === 'audio' ? [image, audio] : [image];
}

export function assembleWgan(
  config: WganConfig,
  models: { generator: tfl.LayersModel; critic: tfl.LayersModel },
): Wgan {
  const { generator, critic } = models;
  return {
    kind: 'wgan',
    config,
    metadata: {},
    preprocessing: null,
    generator,
    critic,
    models: { generator, critic },
    /**
     * With conditioning 'none' the audio is only used for its batch size N (pass e.g. `tf.zeros([N, H, W, 1])`).
     */
    generate(audio: tf.Tensor4D, options: GenerateOptions = {}): tf.Tensor4D {
      checkAudio(audio, config);
      const seed = resolveSeed(options.seed);
      return runGenerate(
        'wgan',
        audio,
        options,
        seed,
        (chunk, chunkSeed) => fakeImages({ generator, config }, chunk, chunkSeed, false),
        (images) => tf.clipByValue(tf.div(tf.add(images, 1), 2), 0, 1) as tf.Tensor4D,
        config.imageSize ** 2 * config.imageChannels,
      );
    },
    dispose() {
      disposeModels({ generator, critic });
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
  return assembleWgan(resolved, {
    generator: buildWganGenerator(resolved, init),
    critic: buildWganCritic(resolved, init),
  });
}

/**
 * Training building blocks of the WGAN-GP. Run `critic` `config.criticStepsPerGeneratorStep` (5) times per
 * `generator` step (optimizer settings are the trainer's choice). `batch.image` is in [0, 1] like every
 * model here and is mapped to [-1, 1] internally.
 * - `critic`: `mean(C(fake)) - mean(C(real)) + lambda * gradientPenalty` over the critic's variables;
 * - `generator`: `-mean(C(G(noise, audio)))` over the generator's variables.
 */
export function wganObjectives(model: Wgan): { critic: TrainingObjective; generator: TrainingObjective } {
  const { config, critic } = model;
  const criticTerms = (batch: TensorBatch, options: ObjectiveOptions, training: boolean) => {
    const seed = resolveSeed(options.seed);
    const real = toTanhRange(batch.image);
    const fake = fakeImages(model, batch.audio, seed, training);
    const wasserstein = wassersteinCriticLoss(
      applySingle(critic, criticInputs(config, real, batch.audio), training),
      applySingle(critic, criticInputs(config, fake, batch.audio), training),
    );
    const epsilon = uniform01([batch.image.shape[0], 1, 1, 1], deriveSeed(seed, INTERPOLATION_STREAM));
    const penalty = gradientPenalty(
      (x) => applySingle(critic, criticInputs(config, x, batch.audio), training),
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
    const fake = fakeImages(model, batch.audio, seed, training);
    return {
      loss: wassersteinGeneratorLoss(applySingle(critic, criticInputs(config, fake, batch.audio), training)),
    };
  };
  const check = (batch: TensorBatch) => checkBatch(batch, config);
  return {
    critic: objectiveFrom(trainableVariables(critic), check, criticTerms),
    generator: objectiveFrom(trainableVariables(model.generator), check, generatorTerms),
  };
}
