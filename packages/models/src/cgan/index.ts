import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { type CganConfig, type ConfigInput, resolveConfig } from '../config';
import { registerCustomLayers, seededInitializers } from '../layers';
import { binaryCrossEntropy, cganDiscriminatorLoss, cganGeneratorLoss, sumSquaredError } from '../losses';
import {
  applySingle,
  type CreateModelOptions,
  checkAudio,
  checkBatch,
  clipToUnit,
  disposeModels,
  type GenerateOptions,
  type IfaModel,
  runGenerate,
  type TensorBatch,
  trainableVariables,
} from '../model';
import { objectiveFrom, type TrainingObjective } from '../training';
import { buildCganGenerator, buildPairDiscriminator } from './architecture';

export { buildCganGenerator, buildPairDiscriminator } from './architecture';

export interface Cgan extends IfaModel<'cgan'> {
  /** ResUNet: audio `[N, H, W, 1]` -> image `[N, imageSize, imageSize, imageChannels]` (linear output). */
  readonly generator: tfl.LayersModel;
  /** `[image, audio]` -> probability that the pair is real, `[N, 1]`. */
  readonly discriminator: tfl.LayersModel;
  readonly models: { generator: tfl.LayersModel; discriminator: tfl.LayersModel };
}

/** Wraps already-built sub-models (used by `createCgan` and `loadModel`). */
export function assembleCgan(
  config: CganConfig,
  models: { generator: tfl.LayersModel; discriminator: tfl.LayersModel },
): Cgan {
  const { generator, discriminator } = models;
  return {
    kind: 'cgan',
    config,
    metadata: {},
    preprocessing: null,
    generator,
    discriminator,
    models: { generator, discriminator },
    // The CGAN has no noise input (pix2pix without dropout): the same audio always gives the same image.
    generate(audio: tf.Tensor4D, options: GenerateOptions = {}): tf.Tensor4D {
      checkAudio(audio, config);
      return runGenerate(
        'cgan',
        audio,
        options,
        0,
        (chunk) => applySingle(generator, chunk, false),
        clipToUnit,
        config.imageSize ** 2 * config.imageChannels,
      );
    },
    dispose() {
      disposeModels({ generator, discriminator });
    },
  };
}

/**
 * pix2pix-style CGAN with a ResUNet generator, the best of the four original models. `options.seed` makes
 * the initial weights reproducible.
 */
export function createCgan(config?: ConfigInput<CganConfig>, options: CreateModelOptions = {}): Cgan {
  const resolved = resolveConfig('cgan', config);
  const init = seededInitializers(options.seed);
  registerCustomLayers();
  return assembleCgan(resolved, {
    generator: buildCganGenerator(resolved, init),
    discriminator: buildPairDiscriminator(resolved, resolved.discriminatorFilters, init),
  });
}

/**
 * Training building blocks of the CGAN, one per optimizer (the original alternates one discriminator step
 * and one generator step per batch, Adam lr 3e-4, betas (0, 0.9)).
 * - `discriminator`: `(BCE(D(image, audio), 1) + BCE(D(G(audio), audio), 0)) / 2` over D's variables;
 *   the fake is computed inside the loss but only D's variables are updated (PyTorch's `fake.detach()`).
 * - `generator`: `a * BCE(D(G(audio), audio), 1) + r * SSE(G(audio), image)` over G's variables.
 */
export function cganObjectives(model: Cgan): {
  discriminator: TrainingObjective;
  generator: TrainingObjective;
} {
  const { generator, discriminator, config } = model;
  const discriminatorTerms = (batch: TensorBatch, training: boolean) => {
    const fake = applySingle(generator, batch.audio, training);
    const real = applySingle(discriminator, [batch.image, batch.audio], training);
    const fakeScores = applySingle(discriminator, [fake, batch.audio], training);
    return { loss: cganDiscriminatorLoss(real, fakeScores) };
  };
  const generatorTerms = (batch: TensorBatch, training: boolean) => {
    const fake = applySingle(generator, batch.audio, training);
    const scores = applySingle(discriminator, [fake, batch.audio], training);
    return {
      loss: cganGeneratorLoss(scores, fake, batch.image, config),
      adversarial: binaryCrossEntropy(scores, 1),
      reconstruction: sumSquaredError(fake, batch.image),
    };
  };
  const check = (batch: TensorBatch) => checkBatch(batch, config);
  return {
    discriminator: objectiveFrom(trainableVariables(discriminator), check, (batch, _options, training) =>
      discriminatorTerms(batch, training),
    ),
    generator: objectiveFrom(trainableVariables(generator), check, (batch, _options, training) =>
      generatorTerms(batch, training),
    ),
  };
}
