import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import {
  type AnyIfaModel,
  type Cgan,
  type Cvae,
  createCgan,
  createCvae,
  createModel,
  createVaegan,
  createWgan,
  InvalidConfigError,
  loadModel,
  MODEL_KINDS,
  type ModelKind,
  saveModel,
  trainingSchedule,
  type Vaegan,
  type Wgan,
} from '../src';
import { CGAN_PRESETS, CVAE_PRESETS, VAEGAN_PRESETS, WGAN_PRESETS } from '../src/config';
import { MODEL_REGISTRY, subModelNames } from '../src/registry';
import { fixedBatch, maxAbsDiff, withTempDir } from './helpers';
import { useCpuBackend } from './setup-backend';

beforeAll(useCpuBackend);

const FACTORIES = {
  cgan: (seed: number) => createCgan('tiny', { seed }),
  cvae: (seed: number) => createCvae('tiny', { seed }),
  vaegan: (seed: number) => createVaegan('tiny', { seed }),
  wgan: (seed: number) => createWgan('tiny', { seed }),
} satisfies Record<ModelKind, (seed: number) => AnyIfaModel>;

function expectSameWeights(a: Readonly<Record<string, tfl.LayersModel>>, b: typeof a): void {
  expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort());
  for (const [name, model] of Object.entries(a)) {
    const wa = model.getWeights();
    const wb = b[name]!.getWeights();
    expect(wa.map((w) => w.shape)).toEqual(wb.map((w) => w.shape));
    for (const [i, w] of wa.entries()) expect(maxAbsDiff(w, wb[i]!), `${name} weight ${i}`).toBe(0);
  }
}

describe('model registry', () => {
  it('MODEL_KINDS and the sub-model names come from the one table', () => {
    expect(MODEL_KINDS).toEqual(['cgan', 'cvae', 'vaegan', 'wgan']);
    expect(Object.keys(MODEL_REGISTRY)).toEqual([...MODEL_KINDS]);
    const names = (preset: 'tiny' | 'recommended') =>
      Object.fromEntries(
        MODEL_KINDS.map((kind) => [kind, subModelNames(kind, MODEL_REGISTRY[kind].presets[preset])]),
      );
    expect(names('tiny')).toEqual({
      cgan: ['generator', 'discriminator'],
      cvae: ['encoder', 'decoder'],
      vaegan: ['encoder', 'decoder', 'discriminator'],
      wgan: ['generator', 'critic'],
    });
    // The class-conditioned CVAE owns one more sub-model, saved first.
    expect(names('recommended').cvae).toEqual(['audioClassifier', 'encoder', 'decoder']);
    expect(MODEL_REGISTRY.cgan.presets).toBe(CGAN_PRESETS);
    expect(MODEL_REGISTRY.cvae.presets).toBe(CVAE_PRESETS);
    expect(MODEL_REGISTRY.vaegan.presets).toBe(VAEGAN_PRESETS);
    expect(MODEL_REGISTRY.wgan.presets).toBe(WGAN_PRESETS);
  });

  it.each(MODEL_KINDS)('createModel(%s, "tiny", { seed }) equals create<Kind>("tiny", { seed })', (kind) => {
    const viaRegistry = createModel(kind, 'tiny', { seed: 9 });
    const direct = FACTORIES[kind](9);
    expect(viaRegistry.kind).toBe(kind);
    expect(viaRegistry.config).toEqual(direct.config);
    expect(Object.keys(viaRegistry.models)).toEqual(subModelNames(kind, viaRegistry.config));
    expectSameWeights(viaRegistry.models, direct.models);
    viaRegistry.dispose();
    direct.dispose();
  });

  it('createModel is typed per kind and takes a preset name or overrides, as create<Kind> does', () => {
    expectTypeOf(createModel<'cgan'>).returns.toEqualTypeOf<Cgan>();
    expectTypeOf(createModel<'cvae'>).returns.toEqualTypeOf<Cvae>();
    expectTypeOf(createModel<'vaegan'>).returns.toEqualTypeOf<Vaegan>();
    expectTypeOf(createModel<'wgan'>).returns.toEqualTypeOf<Wgan>();
    const cvae = createModel('cvae', { preset: 'tiny', latentSize: 3 });
    expectTypeOf(cvae).toEqualTypeOf<Cvae>();
    expect(cvae.config).toEqual({ ...CVAE_PRESETS.tiny, latentSize: 3 });
    cvae.dispose();
    // @ts-expect-error latentSize is not a CGAN config key
    expect(() => createModel('cgan', { preset: 'tiny', latentSize: 3 })).toThrow(InvalidConfigError);
    // @ts-expect-error not a kind
    expect(() => createModel('gan', 'tiny')).toThrow(/unknown model kind "gan"/);
  });

  it('trainingSchedule gives each kind its update phases, names and periods', () => {
    const expected: Record<ModelKind, Array<[string, number]>> = {
      cgan: [
        ['discriminator', 1],
        ['generator', 1],
      ],
      cvae: [['vae', 1]],
      vaegan: [
        ['discriminator', 1],
        ['generator', 1],
      ],
      wgan: [
        ['critic', 1],
        ['generator', 5],
      ],
    };
    for (const kind of MODEL_KINDS) {
      const model = createModel(kind, 'tiny', { seed: 1 });
      const schedule = trainingSchedule(model);
      expect(schedule.map((p) => [p.name, p.every])).toEqual(expected[kind]);
      const objectives = MODEL_REGISTRY[kind].objectives(model as never) as Record<
        string,
        { variables: tf.Variable[] }
      >;
      for (const phase of schedule) {
        expect(phase.objective.variables.map((v) => v.name)).toEqual(
          objectives[phase.name]!.variables.map((v) => v.name),
        );
      }
      model.dispose();
    }
    const wgan = createModel('wgan', { preset: 'tiny', criticStepsPerGeneratorStep: 3 });
    expect(trainingSchedule(wgan).map((p) => [p.name, p.every])).toEqual([
      ['critic', 1],
      ['generator', 3],
    ]);
    wgan.dispose();
  });

  it('schedule objectives train: one critic step changes only trainable critic weights', () => {
    const model = createModel('wgan', 'tiny', { seed: 2 });
    const [critic] = trainingSchedule(model);
    const batch = fixedBatch(2);
    const trainable = () => model.generator.trainableWeights.map((w) => w.read());
    const before = trainable().map((w) => w.clone());
    const criticBefore = model.critic.getWeights()[0]!.clone();
    const optimizer = tf.train.adam(1e-3);
    optimizer.minimize(() => critic!.objective.loss(batch, { seed: 1 }), false, critic!.objective.variables);
    for (const [i, w] of trainable().entries()) expect(maxAbsDiff(w, before[i]!)).toBe(0);
    expect(maxAbsDiff(model.critic.getWeights()[0]!, criticBefore)).toBeGreaterThan(0);
    tf.dispose([...before, criticBefore, batch.audio, batch.image]);
    optimizer.dispose();
    model.dispose();
  });

  it.each(MODEL_KINDS)('a seeded %s saves and loads back with the same weights and outputs', async (kind) => {
    const model = createModel(kind, 'tiny', { seed: 21 });
    const { audio, image } = fixedBatch(2);
    image.dispose();
    await withTempDir(async (dir) => {
      await saveModel(model, dir);
      const loaded = await loadModel(dir, { kind });
      expect(loaded.config).toEqual(model.config);
      expectSameWeights(loaded.models, model.models);
      const a = model.generate(audio, { seed: 4 });
      const b = loaded.generate(audio, { seed: 4 });
      expect(maxAbsDiff(a, b)).toBe(0);
      tf.dispose([a, b]);
      loaded.dispose();
    });
    audio.dispose();
    model.dispose();
  });
});
