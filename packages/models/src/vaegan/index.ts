import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { buildPairDiscriminator } from '../cgan/architecture';
import {
  audioClassifierObjective,
  buildAudioClassifier,
  oneHotCondition,
  requireAudioClassifier,
  requireLabels,
} from '../class-conditioning';
import { type ConfigInput, resolveConfig, type VaeganConfig } from '../config';
import { buildClassDecoder, buildClassEncoder, type CvaeGenerateOptions, generateFromClass } from '../cvae';
import { registerCustomLayers, seededInitializers } from '../layers';
import {
  bernoulliNegativeLogLikelihood,
  binaryCrossEntropy,
  gaussianKlPerSample,
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
import { buildProjectionCritic } from '../wgan/architecture';

/** The sub-models of a VAE-GAN: `audioClassifier` exists only with conditioning `'class'`. */
export type VaeganSubModels = {
  encoder: tfl.LayersModel;
  decoder: tfl.LayersModel;
  discriminator: tfl.LayersModel;
  audioClassifier?: tfl.LayersModel;
};

/** `latent` as for every VAE; `temperature` (conditioning 'class' only) as for the CVAE. */
export type VaeganGenerateOptions = VaeGenerateOptions & Pick<CvaeGenerateOptions, 'temperature'>;

export interface Vaegan extends IfaModel<'vaegan'> {
  /**
   * Conditioning 'audio': `[audio [N, H, W, 1], noise [N, H, W, noiseChannels]]` -> `[mu, logvar]`.
   * 'class': `[image, class vector [N, K]]` -> `[mu, logvar]`.
   */
  readonly encoder: tfl.LayersModel;
  /**
   * 'audio': z `[N, latentSize]` -> image `[N, imageSize, imageSize, imageChannels]`. 'class': `[z, class
   * vector]` -> pixel logits of that shape.
   */
  readonly decoder: tfl.LayersModel;
  /**
   * 'audio': `[image, audio]` -> probability the pair is real, `[N, 1]` (same architecture as the CGAN's).
   * 'class': `[image, class vector]` -> that probability, from a projection discriminator.
   */
  readonly discriminator: tfl.LayersModel;
  /** Conditioning `'class'`: audio `[N, H, W, 1]` -> class logits `[N, classCount]`; otherwise null. */
  readonly audioClassifier: tfl.LayersModel | null;
  readonly models: VaeganSubModels;
  generate(audio: tf.Tensor4D, options?: VaeganGenerateOptions): tf.Tensor4D;
}

const NOISE_STREAM = 0;
const LATENT_STREAM = 1;
const PRIOR_STREAM = 2;

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

export function assembleVaegan(config: VaeganConfig, models: VaeganSubModels): Vaegan {
  const { encoder, decoder, discriminator } = models;
  const audioClassifier =
    config.conditioning === 'class' ? requireAudioClassifier(models, 'a VAE-GAN') : null;
  const owned: VaeganSubModels =
    audioClassifier === null
      ? { encoder, decoder, discriminator }
      : { audioClassifier, encoder, decoder, discriminator };
  return {
    kind: 'vaegan',
    config,
    metadata: {},
    preprocessing: null,
    encoder,
    decoder,
    discriminator,
    audioClassifier,
    models: owned,
    generate(audio, options = {}) {
      checkAudio(audio, config);
      const seed = resolveSeed(options.seed);
      if (config.conditioning === 'class')
        return generateFromClass('vaegan', config, owned, audio, options, seed);
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
      disposeModels({ ...owned });
    },
  };
}

/**
 * VAE-GAN. Conditioning 'audio' (the original): the CVAE whose encoder also takes a Gaussian noise map
 * concatenated with the audio, trained against the CGAN discriminator. Conditioning 'class' (the
 * `recommended` preset): the class-conditioned CVAE trained against a projection discriminator on
 * (image, class). `options.seed` makes the initial weights reproducible.
 */
export function createVaegan(config?: ConfigInput<VaeganConfig>, options: CreateModelOptions = {}): Vaegan {
  const resolved = resolveConfig('vaegan', config);
  const init = seededInitializers(options.seed);
  registerCustomLayers();
  if (resolved.conditioning === 'class') {
    return assembleVaegan(resolved, {
      audioClassifier: buildAudioClassifier(resolved, init),
      encoder: buildClassEncoder(resolved, init),
      decoder: buildClassDecoder(resolved, init),
      discriminator: buildProjectionCritic(
        resolved,
        resolved.discriminatorFilters,
        init,
        'probability',
        'discriminator',
      ),
    });
  }
  return assembleVaegan(resolved, {
    encoder: buildVaeEncoder(resolved, init, resolved.noiseChannels),
    decoder: buildVaeDecoder(resolved, init),
    discriminator: buildPairDiscriminator(resolved, resolved.discriminatorFilters, init),
  });
}

/**
 * Conditioning 'class': images decoded from prior draws z ~ N(0, 1) with the pair's class, in [0, 1]; what
 * `generate` draws (at temperature 1), and what the discriminator judges.
 */
function priorImages(model: Vaegan, condition: tf.Tensor2D, seed: number, training: boolean): tf.Tensor4D {
  const z = standardNormal([condition.shape[0], model.config.latentSize], deriveSeed(seed, PRIOR_STREAM));
  return tf.sigmoid(applySingle(model.decoder, [z, condition], training)) as tf.Tensor4D;
}

/**
 * Training building blocks of the VAE-GAN, one per optimizer. Conditioning 'audio':
 * - `discriminator`: `(BCE(D(image, audio), 1) + BCE(D(fake, audio), 0)) / 2` over D's variables;
 * - `generator`: `a * BCE(D(fake, audio), 1) + r * SSE(fake, image) + k * KL` over encoder + decoder.
 * Both draw the noise map and the reparameterisation noise from `options.seed`.
 *
 * Conditioning 'class' (y the pair's one-hot label, fake = sigmoid(decoder(z ~ N(0, 1), y))):
 * - `discriminator`: `(BCE(D(image, y), 1) + BCE(D(fake, y), 0)) / 2`;
 * - `generator`: `r * BCE(decoder(z ~ q(z | image, y), y), image) + k * KL + a * BCE(D(fake, y), 1)` over
 *   encoder + decoder: the CVAE's ELBO plus the adversarial term on prior draws;
 * - `classifier`: the audio classifier's cross-entropy against the label.
 */
export function vaeganObjectives(model: Vaegan): {
  discriminator: TrainingObjective;
  generator: TrainingObjective;
  classifier?: TrainingObjective;
} {
  const { config, discriminator } = model;
  const check = (batch: TensorBatch) => {
    checkBatch(batch, config);
    if (config.conditioning === 'class') requireLabels(batch, 'a VAE-GAN');
  };
  if (config.conditioning === 'class') {
    const condition = (batch: TensorBatch) =>
      oneHotCondition(requireLabels(batch, 'a VAE-GAN'), config.classCount);
    const discriminatorTerms = (batch: TensorBatch, options: ObjectiveOptions, training: boolean) => {
      const seed = resolveSeed(options.seed);
      const y = condition(batch);
      const real = applySingle(discriminator, [batch.image, y], training);
      const fake = applySingle(discriminator, [priorImages(model, y, seed, training), y], training);
      return { loss: vaeganDiscriminatorLoss(real, fake) };
    };
    const generatorTerms = (batch: TensorBatch, options: ObjectiveOptions, training: boolean) => {
      const seed = resolveSeed(options.seed);
      const y = condition(batch);
      const [mu, logvar] = applyModel(model.encoder, [batch.image, y], training) as [
        tf.Tensor2D,
        tf.Tensor2D,
      ];
      const z = reparameterize(mu, logvar, standardNormal(mu.shape, deriveSeed(seed, LATENT_STREAM)));
      const reconstruction = bernoulliNegativeLogLikelihood(
        applySingle(model.decoder, [z, y], training),
        batch.image,
      );
      const kl = gaussianKlPerSample(mu, logvar);
      const scores = applySingle(discriminator, [priorImages(model, y, seed, training), y], training);
      const adversarial = binaryCrossEntropy(scores, 1);
      const loss = tf.addN([
        tf.mul(config.reconstructionWeight, reconstruction),
        tf.mul(config.klWeight, kl),
        tf.mul(config.adversarialWeight, adversarial),
      ]) as tf.Scalar;
      return { loss, adversarial, reconstruction, kl };
    };
    return {
      discriminator: objectiveFrom(trainableVariables(discriminator), check, discriminatorTerms),
      generator: objectiveFrom(trainableVariables(model.encoder, model.decoder), check, generatorTerms),
      classifier: audioClassifierObjective(
        requireAudioClassifier(model.models, 'a VAE-GAN'),
        'a VAE-GAN',
        check,
      ),
    };
  }
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
  return {
    discriminator: objectiveFrom(trainableVariables(discriminator), check, discriminatorTerms),
    generator: objectiveFrom(trainableVariables(model.encoder, model.decoder), check, generatorTerms),
  };
}
