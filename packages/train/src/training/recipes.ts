import {
  type CganConfig,
  type ConfigInput,
  type CvaeConfig,
  cganObjectives,
  createCgan,
  createCvae,
  createVaegan,
  createWgan,
  cvaeObjectives,
  type IfaModel,
  type ModelKind,
  type TrainingObjective,
  type VaeganConfig,
  vaeganObjectives,
  type WganConfig,
  wganObjectives,
} from '@ifa/models';

/** One optimizer's share of a training step. */
export interface StepPart {
  /** Name of the loss in metrics and charts (`discriminator`, `generator`, `critic`, `vae`). */
  name: string;
  objective: TrainingObjective;
  /** Runs on batches where `step % every === every - 1`; 1 means every batch. */
  every: number;
}

/** `config` is a preset base plus overrides; @ifa/models validates every key. */
export function createModel(kind: ModelKind, config: Record<string, unknown>): IfaModel {
  switch (kind) {
    case 'cgan':
      return createCgan(config as ConfigInput<CganConfig>);
    case 'cvae':
      return createCvae(config as ConfigInput<CvaeConfig>);
    case 'vaegan':
      return createVaegan(config as ConfigInput<VaeganConfig>);
    case 'wgan':
      return createWgan(config as ConfigInput<WganConfig>);
  }
}

/**
 * The update schedule of each model, as the original trains it: one discriminator then one generator
 * update per batch for the GANs; for WGAN-GP the critic learns on every batch and the generator on every
 * `criticStepsPerGeneratorStep`-th (5) batch.
 */
export function stepParts(model: IfaModel): StepPart[] {
  switch (model.kind) {
    case 'cgan': {
      const o = cganObjectives(model as Parameters<typeof cganObjectives>[0]);
      return [
        { name: 'discriminator', objective: o.discriminator, every: 1 },
        { name: 'generator', objective: o.generator, every: 1 },
      ];
    }
    case 'cvae': {
      const o = cvaeObjectives(model as Parameters<typeof cvaeObjectives>[0]);
      return [{ name: 'vae', objective: o.vae, every: 1 }];
    }
    case 'vaegan': {
      const o = vaeganObjectives(model as Parameters<typeof vaeganObjectives>[0]);
      return [
        { name: 'discriminator', objective: o.discriminator, every: 1 },
        { name: 'generator', objective: o.generator, every: 1 },
      ];
    }
    case 'wgan': {
      const config = model.config as WganConfig;
      const o = wganObjectives(model as Parameters<typeof wganObjectives>[0]);
      return [
        { name: 'critic', objective: o.critic, every: 1 },
        { name: 'generator', objective: o.generator, every: config.criticStepsPerGeneratorStep },
      ];
    }
  }
}
