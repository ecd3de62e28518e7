/**
 * Training-step benchmark: samples/s and a per-kernel time breakdown for one backend and one model.
 * Run through bench/run.mjs, which bundles this file and starts one process per (backend, model).
 *
 *   node bench/run.mjs --backends wasm-ours,wasm-stock,cpu --models cgan,cvae,vaegan --batch 32 --steps 3
 */
import '@tensorflow/tfjs-backend-cpu';
import { createCgan, createCvae, createVaegan, createWgan } from '@ifa/models';
import { cganObjectives, cvaeObjectives, vaeganObjectives, wganObjectives } from '@ifa/models/internal';
import * as tf from '@tensorflow/tfjs-core';
import { applyAdamUpdate } from '../src/adam-update/index.js';
import { autoWasmThreads } from '../src/selection/index.js';
import { registerWasmTrainingKernels, setWasmBackendWithThreads } from '../src/wasm-training/index.js';

type BackendChoice = 'cpu' | 'wasm-stock' | 'wasm-ours';
type ModelChoice = 'cgan' | 'cvae' | 'vaegan' | 'wgan';

interface Workload {
  step(): void;
  dispose(): void;
}

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

/**
 * One training step of an @ifa/models model (the `seed` preset unless `--preset` says otherwise): one Adam
 * update per objective, in the order the trainer runs them (discriminator or critic, then generator for
 * the GANs; the VAE for the CVAE), with the update `ifa train`'s optimizer applies (`applyAdamUpdate`:
 * the fused kernel on wasm).
 */
function workload(
  model: ModelChoice,
  batch: number,
  preset: 'seed' | 'small' | 'tiny' | 'recommended',
): Workload {
  const built =
    model === 'cgan'
      ? (() => {
          const m = createCgan(preset);
          const o = cganObjectives(m);
          return { m, objectives: [o.discriminator, o.generator] };
        })()
      : model === 'vaegan'
        ? (() => {
            const m = createVaegan(preset);
            const o = vaeganObjectives(m);
            return { m, objectives: [o.discriminator, o.generator] };
          })()
        : model === 'wgan'
          ? (() => {
              const m = createWgan(preset);
              const o = wganObjectives(m);
              return { m, objectives: [o.critic, o.generator] };
            })()
          : (() => {
              const m = createCvae(preset);
              return { m, objectives: [cvaeObjectives(m).vae] };
            })();
  const data = {
    audio: tf.randomUniform([batch, 28, 28, 1], 0, 1, 'float32', 1) as tf.Tensor4D,
    image: tf.randomUniform([batch, 28, 28, 1], 0, 1, 'float32', 2) as tf.Tensor4D,
    labels: tf.tensor1d(
      Array.from({ length: batch }, (_, i) => i % 10),
      'int32',
    ),
  };
  const moments = built.objectives.map((o) =>
    o.variables.map(
      (v) => [tf.variable(tf.zerosLike(v), false), tf.variable(tf.zerosLike(v), false)] as const,
    ),
  );
  let seed = 0;
  return {
    step() {
      built.objectives.forEach((objective, i) => {
        const { value, grads } = tf.variableGrads(
          () => objective.loss(data, { seed: seed++ }),
          objective.variables,
        );
        objective.variables.forEach((variable, j) => {
          const [m, v] = (moments[i] as (readonly [tf.Variable, tf.Variable])[])[j] as readonly [
            tf.Variable,
            tf.Variable,
          ];
          applyAdamUpdate(variable, grads[variable.name] as tf.Tensor, m, v, {
            beta1: 0.5,
            beta2: 0.999,
            epsilon: 1e-8,
            stepSize: 2e-4,
          });
        });
        tf.dispose([value, ...Object.values(grads)]);
      });
    },
    dispose() {
      tf.dispose([data.audio, data.image, data.labels]);
      tf.dispose(moments.flat(2));
      built.m.dispose();
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
  // The same default as `ifa train`: one XNNPACK thread per core.
  const threadsArg = arg('threads', 'auto');
  const threads = threadsArg === 'auto' ? await autoWasmThreads() : Number(threadsArg);
  const preset = arg('preset', 'seed') as 'seed' | 'small' | 'tiny' | 'recommended';
  let actualThreads = 1;
  if (backend === 'wasm-ours') {
    registerWasmTrainingKernels();
    actualThreads = await setWasmBackendWithThreads({ threads });
  } else {
    await tf.setBackend(backend === 'cpu' ? 'cpu' : 'wasm');
    await tf.ready();
  }
  const work = workload(model, batch, preset);
  const result: Record<string, unknown> = {
    backend,
    model,
    preset,
    batch,
    steps,
    warmup,
    threads: actualThreads,
  };
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
