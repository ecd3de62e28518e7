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
