import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { type ConfigInput, type CvaeConfig, resolveConfig } from '../config';
import { registerCustomLayers, seededInitializers } from '../layers';
import { cvaeLoss, klDivergence, sumSquaredError } from '../losses';
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
import { resolveSeed, standardNormal } from '../random';
import { type ObjectiveOptions, objectiveFrom, type TrainingObjective } from '../training';
import { buildVaeDecoder, buildVaeEncoder, reparameterize } from '../vae';

export interface Cvae extends IfaModel<'cvae'> {
  /** audio `[N, H, W, 1]` -> `[mu, logvar]`, each `[N, latentSize]`. */
  readonly encoder: tfl.LayersModel;
  /** z `[N, latentSize]` -> image `[N, 28, 28, 1]`. */
  readonly decoder: tfl.LayersModel;
  readonly models: { encoder: tfl.LayersModel; decoder: tfl.LayersModel };
  generate(audio: tf.Tensor4D, options?: VaeGenerateOptions): tf.Tensor4D;
}

function encodeDecode(
  model: { encoder: tfl.LayersModel; decoder: tfl.LayersModel },
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

export function assembleCvae(
  config: CvaeConfig,
  models: { encoder: tfl.LayersModel; decoder: tfl.LayersModel },
): Cvae {
  const { encoder, decoder } = models;
  return {
    kind: 'cvae',
    config,
    metadata: {},
    preprocessing: null,
    encoder,
    decoder,
    models: { encoder, decoder },
    generate(audio, options = {}) {
      checkAudio(audio, config);
      const seed = resolveSeed(options.seed);
      return runGenerate(
        'cvae',
        audio,
        options,
        seed,
        (chunk, chunkSeed) => encodeDecode(models, chunk, chunkSeed, options.latent ?? 'sample', false).image,
        clipToUnit,
        config.imageSize ** 2,
      );
    },
    dispose() {
      disposeModels({ encoder, decoder });
    },
  };
}

/**
 * Conditional VAE: encodes the spectrogram image to a latent Gaussian and decodes an image from it.
 * `options.seed` makes the initial weights reproducible.
 */
export function createCvae(config?: ConfigInput<CvaeConfig>, options: CreateModelOptions = {}): Cvae {
  const resolved = resolveConfig('cvae', config);
  const init = seededInitializers(options.seed);
  registerCustomLayers();
  return assembleCvae(resolved, {
    encoder: buildVaeEncoder(resolved, init),
    decoder: buildVaeDecoder(resolved, init),
  });
}

/**
 * Training building block of the CVAE (one optimizer over encoder and decoder):
 * `r * SSE(decoder(z), image) + k * KL(mu, logvar)` with `z` sampled by reparameterisation.
 */
export function cvaeObjectives(model: Cvae): { vae: TrainingObjective } {
  const { config } = model;
  const terms = (batch: TensorBatch, options: ObjectiveOptions, training: boolean) => {
    const seed = resolveSeed(options.seed);
    const { image, mu, logvar } = encodeDecode(model, batch.audio, seed, 'sample', training);
    return {
      loss: cvaeLoss(image, batch.image, mu, logvar, config),
      reconstruction: sumSquaredError(image, batch.image),
      kl: klDivergence(mu, logvar),
    };
  };
  const check = (batch: TensorBatch) => checkBatch(batch, config);
  return {
    vae: objectiveFrom(trainableVariables(model.encoder, model.decoder), check, terms),
  };
}
