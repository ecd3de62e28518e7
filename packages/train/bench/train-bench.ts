/**
 * Training-step benchmark: samples/s and a per-kernel time breakdown for one backend and one model.
 * Run through bench/run.mjs, which bundles this file and starts one process per (backend, model).
 *
 *   node bench/run.mjs --backends wasm-ours,wasm-stock,cpu --models cgan,cvae,vaegan --batch 32 --steps 3
 */
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { registerWasmTrainingKernels, setWasmBackendWithThreads } from '../src/wasm-training/index.js';
import { cganGenerator, pairDiscriminator, vaeDecoder, vaeEncoder } from './stand-in-models.js';

type BackendChoice = 'cpu' | 'wasm-stock' | 'wasm-ours';
type ModelChoice = 'cgan' | 'cvae' | 'vaegan';

interface Workload {
  step(): void;
  dispose(): void;
}

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

const eps = 1e-7;
function bce(p: tf.Tensor, label: 0 | 1): tf.Scalar {
  const q = tf.clipByValue(p, eps, 1 - eps);
  return tf.neg(tf.mean(label === 1 ? tf.log(q) : tf.log1p(tf.neg(q)))) as tf.Scalar;
}
const sse = (a: tf.Tensor, b: tf.Tensor): tf.Scalar => tf.sum(tf.squaredDifference(a, b)) as tf.Scalar;
function kl(mu: tf.Tensor, logvar: tf.Tensor): tf.Scalar {
  return tf.mul(-0.5, tf.mean(tf.sub(tf.sub(tf.add(1, logvar), tf.square(mu)), tf.exp(logvar)))) as tf.Scalar;
}
const vars = (...models: tfl.LayersModel[]): tf.Variable[] =>
  models.flatMap((m) => m.trainableWeights.map((w) => w.read() as tf.Variable));

function minimize(optimizer: tf.Optimizer, loss: () => tf.Scalar, variables: tf.Variable[]): void {
  const value = optimizer.minimize(loss, true, variables);
  value?.dispose();
}

function gan(
  batch: number,
  makeGenerator: () => {
    models: tfl.LayersModel[];
    fake: (a: tf.Tensor4D, train: boolean) => { image: tf.Tensor4D; extra: tf.Scalar };
  },
): Workload {
  const { models, fake } = makeGenerator();
  const discriminator = pairDiscriminator(2);
  const audio = tf.randomUniform([batch, 28, 28, 1]) as tf.Tensor4D;
  const real = tf.randomUniform([batch, 28, 28, 1]) as tf.Tensor4D;
  const dOpt = tf.train.adam(2e-4, 0.5);
  const gOpt = tf.train.adam(2e-4, 0.5);
  const dVars = vars(discriminator);
  const gVars = vars(...models);
  const d = (image: tf.Tensor4D) =>
    discriminator.apply(tf.concat([image, audio], 3), { training: true }) as tf.Tensor;
  return {
    step() {
      const detached = tf.tidy(() => fake(audio, true).image);
      minimize(dOpt, () => tf.mul(0.5, tf.add(bce(d(real), 1), bce(d(detached), 0))) as tf.Scalar, dVars);
      detached.dispose();
      minimize(
        gOpt,
        () => {
          const { image, extra } = fake(audio, true);
          return tf.addN([bce(d(image), 1), sse(image, real), extra]) as tf.Scalar;
        },
        gVars,
      );
    },
    dispose() {
      tf.dispose([audio, real]);
      dOpt.dispose();
      gOpt.dispose();
      for (const m of [...models, discriminator]) m.dispose();
    },
  };
}

function vaeForward(encoder: tfl.LayersModel, decoder: tfl.LayersModel, input: tf.Tensor4D) {
  const [mu, logvar] = encoder.apply(input, { training: true }) as tf.Tensor2D[];
  const noise = tf.randomNormal(mu!.shape);
  const z = tf.add(mu!, tf.mul(tf.exp(tf.mul(0.5, logvar!)), noise));
  const image = decoder.apply(tf.reshape(z, [input.shape[0], 1, 1, -1]), { training: true }) as tf.Tensor4D;
  return { image, klLoss: kl(mu!, logvar!) };
}

function workload(model: ModelChoice, batch: number): Workload {
  if (model === 'cgan') {
    return gan(batch, () => {
      const generator = cganGenerator();
      return {
        models: [generator],
        fake: (a, train) => ({
          image: generator.apply(a, { training: train }) as tf.Tensor4D,
          extra: tf.scalar(0),
        }),
      };
    });
  }
  if (model === 'vaegan') {
    return gan(batch, () => {
      const encoder = vaeEncoder(101);
      const decoder = vaeDecoder();
      return {
        models: [encoder, decoder],
        fake: (a) => {
          const noise = tf.randomNormal([a.shape[0], 28, 28, 100]);
          const { image, klLoss } = vaeForward(encoder, decoder, tf.concat([a, noise], 3) as tf.Tensor4D);
          return { image, extra: tf.mul(1e-3, klLoss) as tf.Scalar };
        },
      };
    });
  }
  const encoder = vaeEncoder(1);
  const decoder = vaeDecoder();
  const audio = tf.randomUniform([batch, 28, 28, 1]) as tf.Tensor4D;
  const real = tf.randomUniform([batch, 28, 28, 1]) as tf.Tensor4D;
  const opt = tf.train.adam(1e-3);
  const v = vars(encoder, decoder);
  return {
    step() {
      minimize(
        opt,
        () => {
          const { image, klLoss } = vaeForward(encoder, decoder, audio);
          return tf.add(sse(image, real), tf.mul(1e-4, klLoss)) as tf.Scalar;
        },
        v,
      );
    },
    dispose() {
      tf.dispose([audio, real]);
      opt.dispose();
      encoder.dispose();
      decoder.dispose();
    },
  };
}

async function main(): Promise<void> {
  const backend = arg('backend', 'wasm-ours') as BackendChoice;
  const model = arg('model', 'cgan') as ModelChoice;
  const batch = Number(arg('batch', '32'));
  const steps = Number(arg('steps', '3'));
  const warmup = Number(arg('warmup', '1'));
  const profileSteps = Number(arg('profile', '1'));
  const threads = Number(arg('threads', '1'));
  let actualThreads = 1;
  if (backend === 'wasm-ours') {
    registerWasmTrainingKernels();
    actualThreads = await setWasmBackendWithThreads({ threads });
  } else {
    await tf.setBackend(backend === 'cpu' ? 'cpu' : 'wasm');
    await tf.ready();
  }
  const work = workload(model, batch);
  const result: Record<string, unknown> = { backend, model, batch, steps, warmup, threads: actualThreads };
  try {
    for (let i = 0; i < warmup; i++) work.step();
    const start = performance.now();
    for (let i = 0; i < steps; i++) work.step();
    const seconds = (performance.now() - start) / 1000;
    result.secondsPerStep = seconds / steps;
    result.samplesPerSecond = (batch * steps) / seconds;
    if (profileSteps > 0) {
      const info = await tf.profile(() => {
        for (let i = 0; i < profileSteps; i++) work.step();
      });
      const byKernel = new Map<string, { ms: number; calls: number }>();
      for (const k of info.kernels) {
        // Op scopes (e.g. 'fusedConv2d__op') wrap kernels that are listed on their own.
        if (k.name.endsWith('__op')) continue;
        const ms = await k.kernelTimeMs;
        const e = byKernel.get(k.name) ?? { ms: 0, calls: 0 };
        e.ms += typeof ms === 'number' ? ms : 0;
        e.calls += 1;
        byKernel.set(k.name, e);
      }
      const detail = arg('detail', '');
      if (detail !== '') {
        const shapes = new Map<string, { ms: number; calls: number }>();
        for (const k of info.kernels.filter((k) => k.name === detail)) {
          const key = `${JSON.stringify(k.inputShapes)} -> ${JSON.stringify(k.outputShapes)}`;
          const e = shapes.get(key) ?? { ms: 0, calls: 0 };
          e.ms += Number(await k.kernelTimeMs);
          e.calls += 1;
          shapes.set(key, e);
        }
        result.detail = [...shapes.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 12);
      }
      const total = [...byKernel.values()].reduce((s, e) => s + e.ms, 0);
      result.kernelMsPerStep = total / profileSteps;
      result.kernels = [...byKernel.entries()]
        .sort((a, b) => b[1].ms - a[1].ms)
        .slice(0, 15)
        .map(([name, e]) => ({
          name,
          msPerStep: +(e.ms / profileSteps).toFixed(1),
          share: +((100 * e.ms) / total).toFixed(1),
          calls: e.calls / profileSteps,
        }));
    }
  } catch (error) {
    result.error = error instanceof Error ? error.message : String(error);
  } finally {
    work.dispose();
  }
  console.log(`BENCH ${JSON.stringify(result)}`);
}

void main();
