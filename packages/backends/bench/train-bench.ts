/**
 * Training-step benchmark: samples/s and a per-kernel time breakdown for one backend and one model.
 * Run through bench/run.mjs, which bundles this file and starts one process per (backend, model).
 *
 *   node bench/run.mjs --backends wasm-ours,wasm-stock,cpu --models cgan,cvae,vaegan --batch 32 --steps 3
 */
import '@tensorflow/tfjs-backend-cpu';
import { createCgan, createCvae, createVaegan } from '@ifa/models';
import { cganObjectives, cvaeObjectives, vaeganObjectives } from '@ifa/models/internal';
import * as tf from '@tensorflow/tfjs-core';
import { registerWasmTrainingKernels, setWasmBackendWithThreads } from '../src/wasm-training/index.js';

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

/**
 * One training step of an @ifa/models model (the `seed` preset unless `--preset` says otherwise): one Adam
 * update per objective, in the order the trainer runs them (discriminator, then generator for the GANs;
 * the VAE for the CVAE).
 */
function workload(model: ModelChoice, batch: number, preset: 'seed' | 'small' | 'tiny'): Workload {
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
        : (() => {
            const m = createCvae(preset);
            return { m, objectives: [cvaeObjectives(m).vae] };
          })();
  const data = {
    audio: tf.randomUniform([batch, 28, 28, 1], 0, 1, 'float32', 1) as tf.Tensor4D,
    image: tf.randomUniform([batch, 28, 28, 1], 0, 1, 'float32', 2) as tf.Tensor4D,
  };
  const optimizers = built.objectives.map(() => tf.train.adam(2e-4, 0.5, 0.999));
  let seed = 0;
  return {
    step() {
      built.objectives.forEach((objective, i) => {
        const loss = (optimizers[i] as tf.Optimizer).minimize(
          () => objective.loss(data, { seed: seed++ }),
          true,
          objective.variables,
        );
        loss?.dispose();
      });
    },
    dispose() {
      tf.dispose([data.audio, data.image]);
      for (const o of optimizers) o.dispose();
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
  const threads = Number(arg('threads', '1'));
  const preset = arg('preset', 'seed') as 'seed' | 'small' | 'tiny';
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
