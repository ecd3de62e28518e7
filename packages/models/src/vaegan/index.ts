import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { buildPairDiscriminator } from '../cgan/architecture';
import { type ConfigInput, resolveConfig, type VaeganConfig } from '../config';
import { registerCustomLayers, seededInitializers } from '../layers';
import {
  binaryCrossEntropy,
  klDivergence,
  sumSquaredError,
  vaeganDiscriminatorLoss,
  vaeganGeneratorLoss,
} from '../losses';
import {
  applyModel,
  applySingle,
  type CreateModelOptions,
  checkAudio,
  checkBatch,
  clipToUnit,
  disposeModels,
  type IfaModel,
  runGenerate,
  type TensorBatch,
  trainableVariables,
  type VaeGenerateOptions,
} from '../model';
import { deriveSeed, resolveSeed, standardNormal } from '../random';
import { type ObjectiveOptions, objectiveFrom, type TrainingObjective } from '../training';
import { buildVaeDecoder, buildVaeEncoder, reparameterize } from '../vae';

export interface Vaegan extends IfaModel<'vaegan'> {
  /** `[audio [N, H, W, 1], noise [N, H, W, noiseChannels]]` -> `[mu, logvar]`. */
  readonly encoder: tfl.LayersModel;
  /** z `[N, latentSize]` -> image `[N, imageSize, imageSize, imageChannels]`. */
  readonly decoder: tfl.LayersModel;
  /** `[image, audio]` -> probability the pair is real, `[N, 1]` (same architecture as the CGAN's). */
  readonly discriminator: tfl.LayersModel;
  readonly models: { encoder: tfl.LayersModel; decoder: tfl.LayersModel; discriminator: tfl.LayersModel };
  generate(audio: tf.Tensor4D, options?: VaeGenerateOptions): tf.Tensor4D;
}

const NOISE_STREAM = 0;
const LATENT_STREAM = 1;

function generateImage(
  model: { encoder: tfl.LayersModel; decoder: tfl.LayersModel },
  config: VaeganConfig,
  audio: tf.Tensor4D,
  seed: number,
  latent: 'sample' | 'mean',
  training: boolean,
) {
  const [n] = audio.shape;
  const noise = standardNormal(
    [n, config.inputHeight, config.inputWidth, config.noiseChannels],
    deriveSeed(seed, NOISE_STREAM),
  );
  const [mu, logvar] = applyModel(model.encoder, [audio, noise], training) as [tf.Tensor2D, tf.Tensor2D];
  const z =
    latent === 'mean'
      ? mu
      : reparameterize(mu, logvar, standardNormal(mu.shape, deriveSeed(seed, LATENT_STREAM)));
  const image = applySingle(model.decoder, z, training) as tf.Tensor4D;
  return { image, mu, logvar };
}

export function assembleVaegan(
  config: VaeganConfig,
  models: { encoder: tfl.LayersModel; decoder: tfl.LayersModel; discriminator: tfl.LayersModel },
): Vaegan {
  const { encoder, decoder, discriminator } = models;
  return {
    kind: 'vaegan',
    config,
    metadata: {},
    preprocessing: null,
    encoder,
    decoder,
    discriminator,
    models: { encoder, decoder, discriminator },
    generate(audio, options = {}) {
      checkAudio(audio, config);
      const seed = resolveSeed(options.seed);
      return runGenerate(
        'vaegan',
        audio,
        options,
        seed,
        (chunk, chunkSeed) =>
          generateImage(models, config, chunk, chunkSeed, options.latent ?? 'sample', false).image,
        clipToUnit,
        config.imageSize ** 2 * config.imageChannels,
      );
    },
    dispose() {
      disposeModels({ encoder, decoder, discriminator });
    },
  };
}

/**
 * VAE-GAN: the CVAE whose encoder also takes a Gaussian noise map concatenated with the audio, trained
 * against the CGAN discriminator. `options.seed` makes the initial weights reproducible.
 */
export function createVaegan(config?: ConfigInput<VaeganConfig>, options: CreateModelOptions = {}): Vaegan {
  const resolved = resolveConfig('vaegan', config);
  const init = seededInitializers(options.seed);
  registerCustomLayers();
  return assembleVaegan(resolved, {
    encoder: buildVaeEncoder(resolved, init, resolved.noiseChannels),
    decoder: buildVaeDecoder(resolved, init),
    discriminator: buildPairDiscriminator(resolved, resolved.discriminatorFilters, init),
  });
}

/**
 * Training building blocks of the VAE-GAN, one per optimizer:
 * - `discriminator`: `(BCE(D(image, audio), 1) + BCE(D(fake, audio), 0)) / 2` over D's variables;
 * - `generator`: `a * BCE(D(fake, audio), 1) + r * SSE(fake, image) + k * KL` over encoder + decoder.
 * Both draw the noise map and the reparameterisation noise from `options.seed`.
 */
export function vaeganObjectives(model: Vaegan): {
  discriminator: TrainingObjective;
  generator: TrainingObjective;
} {
  const { config, discriminator } = model;
  const discriminatorTerms = (batch: TensorBatch, options: ObjectiveOptions, training: boolean) => {
    const seed = resolveSeed(options.seed);
    const { image: fake } = generateImage(model, config, batch.audio, seed, 'sample', training);
    const real = applySingle(discriminator, [batch.image, batch.audio], training);
    const fakeScores = applySingle(discriminator, [fake, batch.audio], training);
    return { loss: vaeganDiscriminatorLoss(real, fakeScores) };
  };
  const generatorTerms = (batch: TensorBatch, options: ObjectiveOptions, training: boolean) => {
    const seed = resolveSeed(options.seed);
    const { image: fake, mu, logvar } = generateImage(model, config, batch.audio, seed, 'sample', training);
    const scores = applySingle(discriminator, [fake, batch.audio], training);
    return {
      loss: vaeganGeneratorLoss(scores, fake, batch.image, mu, logvar, config),
      adversarial: binaryCrossEntropy(scores, 1),
      reconstruction: sumSquaredError(fake, batch.image),
      kl: klDivergence(mu, logvar),
    };
  };
  const check = (batch: TensorBatch) => checkBatch(batch, config);
  return {
    discriminator: objectiveFrom(trainableVariables(discriminator), check, discriminatorTerms),
    generator: objectiveFrom(trainableVariables(model.encoder, model.decoder), check, generatorTerms),
  };
}
