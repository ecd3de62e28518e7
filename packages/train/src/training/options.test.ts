import { MODEL_KINDS } from '@ifa/models';
import { describe, expect, it } from 'vitest';
import { RECIPE_TRAINING, recipeTraining, resolveTrainOptions } from './options';

describe('recipes', () => {
  const outDir = '/tmp/unused';

  it('each recommended recipe trains with its own batch size and rate; explicit options win', () => {
    expect(recipeTraining('cvae', 'recommended')).toMatchObject({ batchSize: 64, learningRate: 1e-3 });
    expect(recipeTraining('vaegan', 'recommended')).toMatchObject({ batchSize: 64, learningRate: 1e-3 });
    expect(recipeTraining('cgan', 'recommended')).toEqual({ batchSize: 32, learningRate: 3e-4 });
    const resolved = resolveTrainOptions({ model: 'vaegan', outDir, batchSize: 16, learningRate: 2e-4 });
    expect([resolved.batchSize, resolved.learningRate]).toEqual([16, 2e-4]);
  });

  it("the class WGAN-GP's classifier phase learns at 1e-3, its adversarial phases at the run's rate", () => {
    const wgan = resolveTrainOptions({ model: 'wgan', outDir });
    expect(wgan.learningRate).toBe(3e-4);
    expect(wgan.phaseLearningRates).toEqual({ classifier: 1e-3 });
    // A phase rate is part of the recipe: it holds whatever learningRate the caller gives.
    expect(resolveTrainOptions({ model: 'wgan', outDir, learningRate: 1e-4 }).phaseLearningRates).toEqual({
      classifier: 1e-3,
    });
    expect(resolveTrainOptions({ model: 'wgan', preset: 'small', outDir }).phaseLearningRates).toEqual({});
    for (const kind of MODEL_KINDS)
      expect(resolveTrainOptions({ model: kind, outDir }).phaseLearningRates).toBeDefined();
  });

  it('every recipe names a real kind and preset', () => {
    for (const key of Object.keys(RECIPE_TRAINING)) {
      const [kind] = key.split('/');
      expect(MODEL_KINDS).toContain(kind);
    }
  });
});
