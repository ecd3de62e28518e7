/**
 * Training-step throughput on WebGPU: samples/s of one model's full training step (every objective, Adam
 * lr 3e-4, betas (0, 0.9)), with the adapter named. Run through `run-bench-webgpu.mjs`, which bundles this
 * file; it prints one human line and one `BENCH {json}` line, the protocol of packages/train/bench/run.mjs.
 *
 *   VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json \
 *     node packages/train/src/webgpu/run-bench-webgpu.mjs --model cgan --preset tiny --batch 2 --steps 5 --allow-software
 */
import '@tensorflow/tfjs-backend-cpu';
import {
  createCgan,
  createCvae,
  createVaegan,
  createWgan,
  type ModelKind,
  type PresetName,
} from '@ifa/models';
import { cganObjectives, cvaeObjectives, vaeganObjectives, wganObjectives } from '@ifa/models/internal';
import * as tf from '@tensorflow/tfjs-core';
import { registerWebgpuBackend } from './register-webgpu-backend';

export interface WebgpuBenchOptions {
  model?: ModelKind;
  preset?: PresetName;
  batch?: number;
  /** Timed steps, after `warmup` untimed ones (the first step compiles every shader). */
  steps?: number;
  warmup?: number;
  /** `webgpu`, or `cpu` for a baseline measured by the same code. */
  backend?: 'webgpu' | 'cpu';
  allowSoftware?: boolean;
}

export interface WebgpuBenchResult {
  backend: string;
  /** `vendor architecture (description)` of the WebGPU adapter, or `cpu`. */
  adapter: string;
  isSoftware: boolean;
  model: ModelKind;
  preset: PresetName;
  batch: number;
  steps: number;
  warmupSeconds: number;
  seconds: number;
  samplesPerSecond: number;
  numTensorsAfter: number;
}

interface Objective {
  variables: tf.Variable[];
  loss(batch: { audio: tf.Tensor4D; image: tf.Tensor4D }, options?: { seed?: number }): tf.Scalar;
}

function build(
  kind: ModelKind,
  preset: PresetName,
): { dispose(): void; objectives: Objective[]; size: number } {
  switch (kind) {
    case 'cgan': {
      const model = createCgan(preset);
      const o = cganObjectives(model);
      return {
        dispose: () => model.dispose(),
        objectives: [o.discriminator, o.generator],
        size: model.config.inputHeight,
      };
    }
    case 'cvae': {
      const model = createCvae(preset);
      return {
        dispose: () => model.dispose(),
        objectives: [cvaeObjectives(model).vae],
        size: model.config.inputHeight,
      };
    }
    case 'vaegan': {
      const model = createVaegan(preset);
      const o = vaeganObjectives(model);
      return {
        dispose: () => model.dispose(),
        objectives: [o.discriminator, o.generator],
        size: model.config.inputHeight,
      };
    }
    case 'wgan': {
      // One critic step per generator step here; the trainer's 5:1 ratio would only scale the number.
      const model = createWgan(preset);
      const o = wganObjectives(model);
      return {
        dispose: () => model.dispose(),
        objectives: [o.critic, o.generator],
        size: model.config.inputHeight,
      };
    }
  }
}

export async function benchWebgpuTraining(options: WebgpuBenchOptions = {}): Promise<WebgpuBenchResult> {
  const kind = options.model ?? 'cgan';
  const preset = options.preset ?? 'tiny';
  const batchSize = options.batch ?? 2;
  const steps = options.steps ?? 5;
  const warmup = options.warmup ?? 1;
  const backend = options.backend ?? 'webgpu';

  let adapter = 'cpu';
  let isSoftware = false;
  if (backend === 'webgpu') {
    const registration = await registerWebgpuBackend({ allowSoftware: options.allowSoftware ?? false });
    adapter = registration.adapter.label;
    isSoftware = registration.adapter.isSoftware;
  }
  await tf.setBackend(backend);
  await tf.ready();

  const { dispose, objectives, size } = build(kind, preset);
  const batch = {
    audio: tf.randomUniform([batchSize, size, size, 1], 0, 1, 'float32', 1) as tf.Tensor4D,
    image: tf.randomUniform([batchSize, size, size, 1], 0, 1, 'float32', 2) as tf.Tensor4D,
  };
  const optimizers = objectives.map(() => tf.train.adam(3e-4, 0, 0.9, 1e-8));
  let seed = 0;
  const step = async () => {
    const costs = objectives.map(
      (objective, i) =>
        optimizers[i]!.minimize(() => objective.loss(batch, { seed: seed++ }), true, objective.variables)!,
    );
    // Reading the last loss waits for the GPU queue, so each timed step includes its own execution.
    await Promise.all(costs.map((cost) => cost.data()));
    tf.dispose(costs);
  };

  const warmupStart = performance.now();
  for (let i = 0; i < warmup; i++) await step();
  const start = performance.now();
  for (let i = 0; i < steps; i++) await step();
  const seconds = (performance.now() - start) / 1000;
  const numTensorsAfter = tf.memory().numTensors;

  for (const optimizer of optimizers) optimizer.dispose();
  tf.dispose([batch.audio, batch.image]);
  dispose();
  return {
    backend,
    adapter,
    isSoftware,
    model: kind,
    preset,
    batch: batchSize,
    steps,
    warmupSeconds: (start - warmupStart) / 1000,
    seconds,
    samplesPerSecond: (steps * batchSize) / seconds,
    numTensorsAfter,
  };
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function numberArg(name: string): number | undefined {
  const value = arg(name);
  return value === undefined ? undefined : Number(value);
}

async function main(): Promise<void> {
  try {
    const result = await benchWebgpuTraining({
      model: arg('model') as ModelKind | undefined,
      preset: arg('preset') as PresetName | undefined,
      batch: numberArg('batch'),
      steps: numberArg('steps'),
      warmup: numberArg('warmup'),
      backend: arg('backend') as 'webgpu' | 'cpu' | undefined,
      allowSoftware: process.argv.includes('--allow-software'),
    });
    console.log(
      `${result.model} ${result.preset} batch ${result.batch} on ${result.backend} (${result.adapter}): ` +
        `${result.samplesPerSecond.toFixed(2)} samples/s over ${result.steps} steps ` +
        `(${result.seconds.toFixed(2)} s; warm-up ${result.warmupSeconds.toFixed(2)} s)`,
    );
    console.log(`BENCH ${JSON.stringify(result)}`);
  } catch (error) {
    console.log(`BENCH ${JSON.stringify({ error: error instanceof Error ? error.message : String(error) })}`);
    process.exitCode = 1;
  }
}

if (process.argv.includes('--run-bench-webgpu')) await main();
