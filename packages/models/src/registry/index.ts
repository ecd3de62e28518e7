import type * as tfl from '@tensorflow/tfjs-layers';
import type { ConfigByKind, ConfigInput, ModelKind } from '../config';
import { InvalidConfigError } from '../errors';
import type { CreateModelOptions, IfaModel } from '../model';
import type { TrainingObjective } from '../training';
import { MODEL_REGISTRY, type ModelKindDefinition, type SubModelShapes } from './model-kinds';

export { MODEL_REGISTRY, type ModelKindDefinition, type SubModelShapes } from './model-kinds';

/** Every model kind: the keys of the registry table, in its order. */
export const MODEL_KINDS = Object.freeze(Object.keys(MODEL_REGISTRY) as ModelKind[]) as readonly ModelKind[];

/** The model object of each kind (`Cgan`, `Cvae`, ...). */
export type ModelByKind = { [K in ModelKind]: ReturnType<(typeof MODEL_REGISTRY)[K]['create']> };

/** Any model returned by `create*` or `loadModel`; switch on `kind` to narrow it. */
export type AnyIfaModel = ModelByKind[ModelKind];

/**
 * Names of the sub-models a model of `kind` with `config` owns, in save order (also the sub-folders
 * `saveModel` writes): the keys of its registry entry's `subModelShapes`.
 */
export function subModelNames<K extends ModelKind>(kind: K, config: ConfigByKind[K]): string[] {
  return Object.keys(definitionOf(kind).subModelShapes(config));
}

/** One optimizer's share of a training step. */
export interface TrainingPhase {
  /** The objective's name, also the loss's name in metrics and charts (`discriminator`, `critic`, ...). */
  name: string;
  objective: TrainingObjective;
  /** Runs on batches where `step % every === every - 1`; 1 means every batch. */
  every: number;
}

/** The registry entry of `kind`, typed loosely; throws `InvalidConfigError` for an unknown kind. */
function definitionOf(kind: string): ModelKindDefinition<IfaModel, string> {
  if (!Object.hasOwn(MODEL_REGISTRY, kind)) {
    throw new InvalidConfigError(
      `unknown model kind ${JSON.stringify(kind)}; expected one of ${MODEL_KINDS.map((k) => `"${k}"`).join(', ')}.`,
    );
  }
  return MODEL_REGISTRY[kind as ModelKind] as unknown as ModelKindDefinition<IfaModel, string>;
}

/**
 * Creates a model of `kind`: `createModel('cgan', 'small')` is `createCgan('small')` and is typed `Cgan`.
 * `config` is a preset name or overrides on a preset, exactly as for `createCgan` and the others;
 * `options.seed` makes the initial weights reproducible. Throws `InvalidConfigError` for an unknown kind.
 */
export function createModel<K extends ModelKind>(
  kind: K,
  config?: ConfigInput<ConfigByKind[K]>,
  options?: CreateModelOptions,
): ModelByKind[K] {
  return definitionOf(kind).create(config as never, options) as ModelByKind[K];
}

/**
 * How a trainer should update `model`, in order within one batch: one phase per optimizer, each with its
 * objective and how often it runs. CGAN and VAE-GAN: `discriminator` then `generator`, every batch; CVAE:
 * `vae`; WGAN-GP: `critic` every batch and `generator` every `criticStepsPerGeneratorStep`-th batch.
 * The GANs with conditioning 'class' add `classifier` (their audio classifier) on every batch.
 */
export function trainingSchedule(model: IfaModel): TrainingPhase[] {
  const definition = definitionOf(model.kind);
  const objectives = definition.objectives(model);
  return definition.schedule.flatMap(({ objective, every }) => {
    const found = objectives[objective];
    if (found === undefined) return [];
    return [
      { name: objective, objective: found, every: typeof every === 'number' ? every : every(model.config) },
    ];
  });
}

/** Builds the model object of `kind` around loaded sub-models. */
export function assembleModel<K extends ModelKind>(
  kind: K,
  config: ConfigByKind[K],
  models: Record<string, tfl.LayersModel>,
): ModelByKind[K] {
  return definitionOf(kind).assemble(config, models) as ModelByKind[K];
}

/** The input and output shapes each sub-model must have for `config` (batch dimension null). */
export function expectedSubModelShapes<K extends ModelKind>(
  kind: K,
  config: ConfigByKind[K],
): Record<string, SubModelShapes> {
  return definitionOf(kind).subModelShapes(config) as Record<string, SubModelShapes>;
}
