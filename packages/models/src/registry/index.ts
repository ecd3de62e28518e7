import type * as tfl from '@tensorflow/tfjs-layers';
import { assembleCgan, type Cgan } from '../cgan';
import type { ConfigByKind, ModelKind } from '../config';
import { assembleCvae, type Cvae } from '../cvae';
import { assembleVaegan, type Vaegan } from '../vaegan';
import { assembleWgan, type Wgan } from '../wgan';

export interface ModelByKind {
  cgan: Cgan;
  cvae: Cvae;
  vaegan: Vaegan;
  wgan: Wgan;
}

/** Any model returned by `create*` or `loadModel`; switch on `kind` to narrow it. */
export type AnyIfaModel = ModelByKind[ModelKind];

/** Names of the sub-models each kind owns (also the sub-folders `saveModel` writes). */
export const SUB_MODEL_NAMES: {
  readonly [K in ModelKind]: readonly (keyof ModelByKind[K]['models'] & string)[];
} = {
  cgan: ['generator', 'discriminator'],
  cvae: ['encoder', 'decoder'],
  vaegan: ['encoder', 'decoder', 'discriminator'],
  wgan: ['generator', 'critic'],
};

/** Builds the model object of `kind` around loaded sub-models. */
export function assembleModel<K extends ModelKind>(
  kind: K,
  config: ConfigByKind[K],
  models: Record<string, tfl.LayersModel>,
): ModelByKind[K] {
  const m = models as never;
  switch (kind) {
    case 'cgan':
      return assembleCgan(config as ConfigByKind['cgan'], m) as ModelByKind[K];
    case 'cvae':
      return assembleCvae(config as ConfigByKind['cvae'], m) as ModelByKind[K];
    case 'vaegan':
      return assembleVaegan(config as ConfigByKind['vaegan'], m) as ModelByKind[K];
    default:
      return assembleWgan(config as ConfigByKind['wgan'], m) as ModelByKind[K];
  }
}

type ShapeList = Array<Array<number | null>>;

/** The input and output shapes each sub-model must have for `config` (batch dimension null). */
export function expectedSubModelShapes<K extends ModelKind>(
  kind: K,
  config: ConfigByKind[K],
): Record<string, { inputs: ShapeList; outputs: ShapeList }> {
  const audio = [null, config.inputHeight, config.inputWidth, 1];
  const image = [null, config.imageSize, config.imageSize, config.imageChannels];
  const score = [null, 1];
  switch (kind) {
    case 'cgan':
      return {
        generator: { inputs: [audio], outputs: [image] },
        discriminator: { inputs: [image, audio], outputs: [score] },
      };
    case 'cvae':
    case 'vaegan': {
      const c = config as ConfigByKind['cvae'] | ConfigByKind['vaegan'];
      const latent = [null, c.latentSize];
      const encoderInputs =
        'noiseChannels' in c ? [audio, [null, c.inputHeight, c.inputWidth, c.noiseChannels]] : [audio];
      const shapes: Record<string, { inputs: ShapeList; outputs: ShapeList }> = {
        encoder: { inputs: encoderInputs, outputs: [latent, latent] },
        decoder: { inputs: [latent], outputs: [image] },
      };
      if (kind === 'vaegan') shapes.discriminator = { inputs: [image, audio], outputs: [score] };
      return shapes;
    }
    default: {
      const c = config as ConfigByKind['wgan'];
      const conditioned = c.conditioning === 'audio';
      return {
        generator: {
          inputs: conditioned ? [[null, c.noiseSize], audio] : [[null, c.noiseSize]],
          outputs: [image],
        },
        critic: { inputs: conditioned ? [image, audio] : [image], outputs: [score] },
      };
    }
  }
}
