import { assembleCgan, type Cgan, cganObjectives, createCgan } from '../cgan';
import {
  CGAN_PRESETS,
  type ConfigByKind,
  type ConfigInput,
  CVAE_PRESETS,
  type ImageShapeConfig,
  type PresetName,
  VAEGAN_PRESETS,
  WGAN_PRESETS,
} from '../config';
import { assembleCvae, type Cvae, createCvae, cvaeObjectives } from '../cvae';
import type { CreateModelOptions, IfaModel } from '../model';
import type { TrainingObjective } from '../training';
import { assembleVaegan, createVaegan, type Vaegan, vaeganObjectives } from '../vaegan';
import { assembleWgan, createWgan, type Wgan, wganObjectives } from '../wgan';

type ShapeList = Array<Array<number | null>>;

/** Input and output shapes of one sub-model (batch dimension `null`). */
export interface SubModelShapes {
  inputs: ShapeList;
  outputs: ShapeList;
}

/**
 * Everything that defines one model kind. `M` is the model object, `O` the names of its training objectives
 * (one per optimizer).
 */
export interface ModelKindDefinition<M extends IfaModel, O extends string> {
  /** Builds a fresh model: a preset name or overrides on a preset, and an optional weight seed. */
  create(config?: ConfigInput<M['config']>, options?: CreateModelOptions): M;
  /** The built-in configs, by preset name. */
  readonly presets: Readonly<Record<PresetName, M['config']>>;
  /**
   * The sub-models a model with `config` owns, in save order (also the sub-folders `saveModel` writes),
   * with the input and output shapes each must have (checked by `loadModel`). Some exist only for some
   * configs (the CVAE's `audioClassifier`).
   */
  subModelShapes(config: M['config']): Partial<Record<keyof M['models'] & string, SubModelShapes>>;
  /** Wraps already-built sub-models (used by `loadModel`). */
  assemble(config: M['config'], models: M['models']): M;
  /**
   * Its training objectives, one per optimizer. Some exist only for some configs (the GANs' `classifier`,
   * with conditioning 'class').
   */
  objectives(model: M): { [K in O]?: TrainingObjective };
  /**
   * The update schedule of one training step, in order: which objective, and on every how many batches
   * (a number, or a function of the config). This is how the original trains each model. An entry whose
   * objective the model does not have is skipped.
   */
  readonly schedule: readonly { objective: O; every: number | ((config: M['config']) => number) }[];
}

/** Checks one table entry against its model and objective types; returns it unchanged. */
function defineKind<M extends IfaModel, O extends string>(
  definition: ModelKindDefinition<M, O>,
): ModelKindDefinition<M, O> {
  return definition;
}

function audioShape(c: ImageShapeConfig): Array<number | null> {
  return [null, c.inputHeight, c.inputWidth, 1];
}
function imageShape(c: ImageShapeConfig): Array<number | null> {
  return [null, c.imageSize, c.imageSize, c.imageChannels];
}
function latentShape(c: { latentSize: number }): Array<number | null> {
  return [null, c.latentSize];
}
const SCORE = [null, 1];

/** The class-conditioned VAE's sub-models (CVAE and VAE-GAN with conditioning 'class'). */
function classVaeShapes(c: ImageShapeConfig & { classCount: number; latentSize: number }) {
  const classes = [null, c.classCount];
  return {
    audioClassifier: { inputs: [audioShape(c)], outputs: [classes] },
    encoder: { inputs: [imageShape(c), classes], outputs: [latentShape(c), latentShape(c)] },
    decoder: { inputs: [latentShape(c), classes], outputs: [imageShape(c)] },
  };
}

function pairDiscriminatorShapes(c: ImageShapeConfig): SubModelShapes {
  return { inputs: [imageShape(c), audioShape(c)], outputs: [SCORE] };
}

/**
 * The one table of model kinds: `MODEL_KINDS`, `ModelKind`, `ModelByKind`, `subModelNames`,
 * `createModel`, `loadModel`'s checks and `trainingSchedule` all come from here. Adding a kind means adding
 * one entry (plus its config type and presets in `config/`, which the entry points to).
 */
export const MODEL_REGISTRY = {
  /** pix2pix-style CGAN: one discriminator then one generator update per batch. */
  cgan: defineKind<Cgan, 'discriminator' | 'generator'>({
    create: createCgan,
    presets: CGAN_PRESETS,
    subModelShapes: (c) => ({
      generator: { inputs: [audioShape(c)], outputs: [imageShape(c)] },
      discriminator: pairDiscriminatorShapes(c),
    }),
    assemble: assembleCgan,
    objectives: cganObjectives,
    schedule: [
      { objective: 'discriminator', every: 1 },
      { objective: 'generator', every: 1 },
    ],
  }),
  /** CVAE: one update of encoder and decoder together per batch. */
  cvae: defineKind<Cvae, 'vae'>({
    create: createCvae,
    presets: CVAE_PRESETS,
    subModelShapes: (c) => {
      if (c.conditioning === 'class') return classVaeShapes(c);
      return {
        encoder: { inputs: [audioShape(c)], outputs: [latentShape(c), latentShape(c)] },
        decoder: { inputs: [latentShape(c)], outputs: [imageShape(c)] },
      };
    },
    assemble: assembleCvae,
    objectives: cvaeObjectives,
    schedule: [{ objective: 'vae', every: 1 }],
  }),
  /**
   * VAE-GAN: one discriminator then one encoder + decoder update per batch (then, with conditioning
   * 'class', one audio classifier update).
   */
  vaegan: defineKind<Vaegan, 'discriminator' | 'generator' | 'classifier'>({
    create: createVaegan,
    presets: VAEGAN_PRESETS,
    subModelShapes: (c) => {
      if (c.conditioning === 'class') {
        return {
          ...classVaeShapes(c),
          discriminator: { inputs: [imageShape(c), [null, c.classCount]], outputs: [SCORE] },
        };
      }
      return {
        encoder: {
          inputs: [audioShape(c), [null, c.inputHeight, c.inputWidth, c.noiseChannels]],
          outputs: [latentShape(c), latentShape(c)],
        },
        decoder: { inputs: [latentShape(c)], outputs: [imageShape(c)] },
        discriminator: pairDiscriminatorShapes(c),
      };
    },
    assemble: assembleVaegan,
    objectives: vaeganObjectives,
    schedule: [
      { objective: 'discriminator', every: 1 },
      { objective: 'generator', every: 1 },
      { objective: 'classifier', every: 1 },
    ],
  }),
  /**
   * WGAN-GP: the critic learns on every batch, the generator on every `criticStepsPerGeneratorStep`-th
   * (and, with conditioning 'class', the audio classifier on every batch).
   */
  wgan: defineKind<Wgan, 'critic' | 'generator' | 'classifier'>({
    create: createWgan,
    presets: WGAN_PRESETS,
    subModelShapes: (c) => {
      const noise = [null, c.noiseSize];
      if (c.conditioning === 'class') {
        const classes = [null, c.classCount];
        return {
          audioClassifier: { inputs: [audioShape(c)], outputs: [classes] },
          generator: { inputs: [noise, classes], outputs: [imageShape(c)] },
          critic: { inputs: [imageShape(c), classes], outputs: [SCORE] },
        };
      }
      const conditioned = c.conditioning === 'audio';
      return {
        generator: { inputs: conditioned ? [noise, audioShape(c)] : [noise], outputs: [imageShape(c)] },
        critic: {
          inputs: conditioned ? [imageShape(c), audioShape(c)] : [imageShape(c)],
          outputs: [SCORE],
        },
      };
    },
    assemble: assembleWgan,
    objectives: wganObjectives,
    schedule: [
      { objective: 'critic', every: 1 },
      { objective: 'generator', every: (c) => c.criticStepsPerGeneratorStep },
      { objective: 'classifier', every: 1 },
    ],
  }),
} satisfies { [K in keyof ConfigByKind]: ModelKindDefinition<IfaModel<K>, string> };
