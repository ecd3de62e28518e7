import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type AnyIfaModel,
  createDigitClassifier,
  createModel,
  InvalidOptionError,
  MODEL_KINDS,
  type ModelKind,
} from '../src';
import { subModelNames } from '../src/registry';
import { useCpuBackend } from './setup-backend';

beforeAll(useCpuBackend);

/** Every weight of every sub-model, by `<sub-model>/<weight name>`, as plain arrays of float bits. */
function weightsOf(models: Readonly<Record<string, tfl.LayersModel>>): Map<string, Float32Array> {
  const out = new Map<string, Float32Array>();
  for (const [name, model] of Object.entries(models)) {
    for (const w of model.weights) out.set(`${name}/${w.originalName}`, w.read().dataSync() as Float32Array);
  }
  return out;
}

function sameBits(a: Float32Array, b: Float32Array): boolean {
  return a.length === b.length && Buffer.from(a.buffer).equals(Buffer.from(b.buffer));
}

/** Names of the randomly initialised weights: kernels (rank >= 2). Biases and norm weights are constant. */
function randomWeightNames(models: Readonly<Record<string, tfl.LayersModel>>): string[] {
  return Object.entries(models).flatMap(([name, model]) =>
    model.weights.filter((w) => w.shape.length >= 2).map((w) => `${name}/${w.originalName}`),
  );
}

function build(kind: ModelKind, seed?: number): AnyIfaModel {
  return createModel(kind, 'tiny', seed === undefined ? {} : { seed });
}

describe.each(MODEL_KINDS)('seeded weights: %s (tiny)', (kind) => {
  it('same seed gives bit-identical weights; another seed or no seed gives different kernels', () => {
    const a = build(kind, 42);
    const b = build(kind, 42);
    const c = build(kind, 43);
    const unseeded = build(kind);
    const [wa, wb, wc, wu] = [a, b, c, unseeded].map((m) => weightsOf(m.models));
    expect(Object.keys(a.models).sort()).toEqual(subModelNames(kind, a.config).sort());
    expect([...wa.keys()]).toEqual([...wb.keys()]);
    for (const [name, values] of wa) expect(sameBits(values, wb.get(name)!), name).toBe(true);
    const kernels = randomWeightNames(a.models);
    expect(kernels.length).toBeGreaterThan(3);
    for (const name of kernels) {
      expect(sameBits(wa.get(name)!, wc.get(name)!), `${name} differs with seed 43`).toBe(false);
      expect(sameBits(wa.get(name)!, wu.get(name)!), `${name} differs unseeded`).toBe(false);
    }
    // Each layer gets its own sub-seed: no two kernels of one build start alike (up to their common length).
    for (let i = 0; i < kernels.length; i++) {
      for (let j = i + 1; j < kernels.length; j++) {
        const x = wa.get(kernels[i]!)!;
        const y = wa.get(kernels[j]!)!;
        const n = Math.min(x.length, y.length);
        expect(sameBits(x.subarray(0, n), y.subarray(0, n)), `${kernels[i]} vs ${kernels[j]}`).toBe(false);
      }
    }
    for (const m of [a, b, c, unseeded]) m.dispose();
  });

  it('seeding keeps the distributions: conv kernels N(0, 0.02), dense kernels Glorot uniform', () => {
    const model = build(kind, 7);
    for (const [sub, layersModel] of Object.entries(model.models)) {
      for (const w of layersModel.weights) {
        const values = Array.from(w.read().dataSync() as Float32Array);
        const where = `${sub}/${w.originalName}`;
        if (w.shape.length === 4 && values.length >= 400) {
          const mean = values.reduce((s, v) => s + v, 0) / values.length;
          const std = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length);
          expect(Math.abs(mean), where).toBeLessThan(0.005);
          expect(std, where).toBeGreaterThan(0.016);
          expect(std, where).toBeLessThan(0.024);
        } else if (w.shape.length === 2) {
          const [fanIn, fanOut] = w.shape as [number, number];
          const limit = Math.sqrt(6 / (fanIn + fanOut));
          const max = values.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
          expect(max, where).toBeLessThanOrEqual(limit);
          expect(max, where).toBeGreaterThan(limit * 0.8);
        }
      }
    }
    model.dispose();
  });
});

describe('seeded weights: digit classifier', () => {
  const config = { filters: [4, 8] as [number, number], featureSize: 16 };

  it('same seed gives bit-identical weights; another seed gives different kernels', () => {
    const [a, b, c] = [5, 5, 6].map((seed) => createDigitClassifier(config, { seed }));
    const [wa, wb, wc] = [a!, b!, c!].map((m) => weightsOf({ model: m.model }));
    for (const [name, values] of wa) expect(sameBits(values, wb.get(name)!), name).toBe(true);
    const kernels = randomWeightNames({ model: a!.model });
    expect(kernels).toHaveLength(6); // 4 convs + 2 dense
    for (const name of kernels) expect(sameBits(wa.get(name)!, wc.get(name)!), name).toBe(false);
    for (const m of [a, b, c]) m!.dispose();
  });

  it('leaves dropout unseeded: a fixed tfjs dropout seed would repeat one mask on every batch', () => {
    const classifier = createDigitClassifier(config, { seed: 5 });
    const dropout = classifier.model.getLayer('dropout');
    expect(dropout.getConfig().seed).toBeUndefined();
    const x = tf.ones([1, 64]);
    const [m1, m2] = [0, 1].map(() =>
      tf.tidy(() => (dropout.apply(x, { training: true }) as tf.Tensor).arraySync()),
    );
    expect(m1).not.toEqual(m2);
    x.dispose();
    classifier.dispose();
  });

  it('rejects a seed that is not an integer', () => {
    expect(() => createDigitClassifier(config, { seed: 1.5 })).toThrow(InvalidOptionError);
    expect(() => createModel('cgan', 'tiny', { seed: Number.NaN })).toThrow(
      'Invalid seed: NaN. Expected an integer.',
    );
  });
});

describe('no Math.random patching', () => {
  it('no source file under src assigns or redefines Math.random', () => {
    const root = join(__dirname, '..', 'src');
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir)) {
        const path = join(dir, entry);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.[cm]?[jt]s$/.test(entry)) files.push(path);
      }
    };
    walk(root);
    expect(files.length).toBeGreaterThan(20);
    const assignment = /Math\s*(?:\.\s*random|\[\s*['"`]random['"`]\s*\])\s*=(?!=)/;
    const redefinition = /defineProperty\s*\(\s*(?:globalThis\s*\.\s*)?Math\b/;
    const offenders = files.filter((file) => {
      const text = readFileSync(file, 'utf8');
      return assignment.test(text) || redefinition.test(text);
    });
    expect(offenders.map((f) => relative(root, f))).toEqual([]);
    // The patterns do catch a patch.
    expect(assignment.test('Math.random = mulberry32(seed);')).toBe(true);
    expect(assignment.test('if (Math.random === original) {}')).toBe(false);
  });
});

describe('seeded models and tensors', () => {
  it('building seeded models leaves no tensors behind but the weights', () => {
    const before = tf.memory().numTensors;
    const model = build('cvae', 1);
    const weights = Object.values(model.models).reduce((n, m) => n + m.weights.length, 0);
    expect(tf.memory().numTensors - before).toBe(weights);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
