import '@ifa/backends/internal';
import { existsSync } from 'node:fs';
import { type BackendSelection, selectBackend } from '@ifa/backends';
import { deriveSeed, InvalidOptionError } from '@ifa/core';
import { atomicWriteFile, atomicWriteJson } from '@ifa/core/node';
import {
  createModel,
  type IfaModel,
  type JsonObject,
  type PairedBatch as ModelBatch,
  type TrainingPhase,
  trainingSchedule,
} from '@ifa/models';
import {
  type DigitPairs,
  loadGeneratorDigitPairs,
  resolveDataDir,
  SpectrogramCache,
} from '@ifa/paired-dataset';
import * as tf from '@tensorflow/tfjs-core';
import { type LossPoint, renderLossChart } from '../charts';
import {
  type CheckpointContents,
  checkpointExists,
  copyCheckpoint,
  pruneEpochCheckpoints,
  type RunFingerprint,
  readCheckpointModel,
  readTrainerState,
  type TrainerPosition,
  writeCheckpoint,
} from '../checkpoint';
import { CheckpointError, NonFiniteLossError } from '../errors';
import { PositionalAdam } from '../optimizer';
import { SeedPurpose } from '../rng';
import { appendJsonLine, readJsonLines, runPaths } from '../run-folder';
import {
  type BatchEvent,
  type ResolvedTrainOptions,
  resolveTrainOptions,
  type TrainOptions,
} from './options';
import { pickSampleSet, renderSamples } from './samples';
import { packageVersions } from './versions';

export type { BatchEvent, EpochEvent, TrainOptions } from './options';
export { resolveTrainOptions, TRAIN_DEFAULTS } from './options';

export interface TrainResult {
  /** `completed`: all epochs ran; `aborted`: the signal fired and a checkpoint was written. */
  status: 'completed' | 'aborted';
  /** Epochs fully trained (including those before a resume). */
  epochsCompleted: number;
  steps: number;
  outDir: string;
  latestCheckpoint: string;
  backend: string;
  /** The trained model; the caller owns it and must `dispose()` it. */
  model: IfaModel;
}

/** A metrics.jsonl line for one batch. */
export interface BatchMetrics {
  type: 'batch';
  epoch: number;
  batch: number;
  step: number;
  losses: Record<string, number>;
  time: string;
}

/** A metrics.jsonl line for one finished epoch. */
export interface EpochMetrics {
  type: 'epoch';
  epoch: number;
  losses: Record<string, number>;
  seconds: number;
  samplesPerSecond: number;
  numTensors: number;
  time: string;
}

export type MetricsRow = BatchMetrics | EpochMetrics;

interface PendingStep {
  event: Omit<BatchEvent, 'losses' | 'samplesPerSecond'>;
  losses: Record<string, tf.Scalar>;
}

function fingerprintOf(options: ResolvedTrainOptions, config: unknown): RunFingerprint {
  return {
    model: options.model,
    config,
    batchSize: options.batchSize,
    seed: options.seed,
    learningRate: options.learningRate,
    split: options.split,
    maxBatchesPerEpoch: options.maxBatchesPerEpoch,
  };
}

function sameFingerprint(a: RunFingerprint, b: RunFingerprint): string | null {
  for (const key of Object.keys(a) as (keyof RunFingerprint)[]) {
    if (JSON.stringify(a[key]) !== JSON.stringify(b[key])) {
      return `${key} was ${JSON.stringify(a[key])} in the checkpoint but is ${JSON.stringify(b[key])} now`;
    }
  }
  return null;
}

async function loadData(options: TrainOptions, resolved: ResolvedTrainOptions): Promise<DigitPairs> {
  if (options.data) return options.data;
  const dir = options.dataDir ?? resolveDataDir();
  options.onMessage?.(`loading MNIST x FSDD from ${dir}`);
  // Pairing targets leave out the evaluation judge's images, so `evaluate` is never flattered by a judge
  // that has seen the digits this model was taught to draw.
  const data = await loadGeneratorDigitPairs({
    dir,
    split: resolved.split,
    seed: resolved.seed,
    cache: new SpectrogramCache(options.cacheDir ? { dir: options.cacheDir } : {}),
  });
  await atomicWriteJson(runPaths(resolved.outDir).imagePools, {
    excludesJudgeImages: true,
    imagePolicy: data.imagePolicy,
    trainPairs: data.train.size,
    testPairs: data.test.size,
  });
  return data;
}

/**
 * Trains one of the four models on MNIST x FSDD, writing a run folder as it goes (run.json, metrics.jsonl,
 * checkpoints/epoch-NNN + latest, samples/epoch-NNN.png, losses.png). Deterministic for a fixed seed on a
 * given backend; `resume` continues from `checkpoints/latest` to the same weights as an uninterrupted run.
 */
export async function train(options: TrainOptions): Promise<TrainResult> {
  const resolved = resolveTrainOptions(options);
  const say = options.onMessage ?? (() => {});
  let backend: BackendSelection | null = null;
  if (options.backend !== undefined) {
    backend = await selectBackend({ prefer: options.backend, log: say });
  }
  await tf.ready();
  const backendName = tf.getBackend();
  const paths = runPaths(resolved.outDir);

  let resumeFrom: Awaited<ReturnType<typeof readTrainerState>> | null = null;
  if (resolved.resume) {
    if (!(await checkpointExists(paths.latest))) {
      throw new CheckpointError(paths.latest, 'nothing to resume from; run without --resume first.');
    }
    resumeFrom = await readTrainerState(paths.latest);
  }

  const data = await loadData(options, resolved);
  say(`data: ${data.train.size} training and ${data.test.size} test pairs (${data.imagePolicy})`);
  if (data.train.size === 0) {
    throw new InvalidOptionError({
      option: 'dataDir',
      value: options.dataDir ?? null,
      expected: 'a data folder whose training split is not empty',
    });
  }

  const model: IfaModel = resumeFrom
    ? await readCheckpointModel(paths.latest)
    : createModel(resolved.model, resolved.config as never, {
        seed: deriveSeed(resolved.seed, SeedPurpose.init),
      });
  let parts: TrainingPhase[] = [];
  let optimizers: PositionalAdam[] = [];
  try {
    const modelConfig = model.config as unknown as { inputHeight: number; inputWidth: number };
    const [audioHeight, audioWidth] = data.train.audioShape;
    if (audioHeight !== modelConfig.inputHeight || audioWidth !== modelConfig.inputWidth) {
      throw new InvalidOptionError({
        option: 'data',
        value: `${audioHeight}x${audioWidth} spectrograms`,
        expected: `${modelConfig.inputHeight}x${modelConfig.inputWidth} spectrograms, the model's input size`,
      });
    }
    const fingerprint = fingerprintOf(resolved, model.config);
    parts = trainingSchedule(model);
    optimizers = parts.map(
      (part) => new PositionalAdam(part.objective.variables, { learningRate: resolved.learningRate }),
    );

    let position: TrainerPosition = { epoch: 0, batchInEpoch: 0, step: 0 };
    if (resumeFrom) {
      const mismatch = sameFingerprint(resumeFrom.state.fingerprint, fingerprint);
      if (mismatch) {
        throw new CheckpointError(
          paths.latest,
          `cannot resume: ${mismatch}. Use the original options or a new --out.`,
        );
      }
      parts.forEach((part, i) => {
        const saved = resumeFrom!.optimizers.find((o) => o.name === part.name);
        if (!saved) throw new CheckpointError(paths.latest, `no optimizer state for '${part.name}'.`);
        optimizers[i]!.setState(saved.state);
      });
      position = {
        epoch: resumeFrom.state.epoch,
        batchInEpoch: resumeFrom.state.batchInEpoch,
        step: resumeFrom.state.step,
      };
      say(
        `resuming at epoch ${position.epoch + 1}, batch ${position.batchInEpoch + 1} (step ${position.step})`,
      );
    }

    const metadata: JsonObject = {
      encoder: data.encoderConfig as JsonObject,
      trainedWith: '@ifa/train',
      model: resolved.model,
      seed: resolved.seed,
    };
    await atomicWriteJson(paths.runJson, {
      options: {
        model: resolved.model,
        preset: resolved.preset,
        config: options.config ?? {},
        epochs: resolved.epochs,
        batchSize: resolved.batchSize,
        learningRate: resolved.learningRate,
        adam: { beta1: optimizers[0]!.options.beta1, beta2: optimizers[0]!.options.beta2 },
        seed: resolved.seed,
        split: resolved.split,
        dataDir: options.dataDir ?? (options.data ? null : resolveDataDir()),
        maxBatchesPerEpoch: resolved.maxBatchesPerEpoch,
        resume: resolved.resume,
      },
      config: model.config,
      encoder: data.encoderConfig,
      data: { train: data.train.size, test: data.test.size, imagePolicy: data.imagePolicy },
      schedule: parts.map((p) => ({ loss: p.name, everyNthBatch: p.every })),
      backend: { name: backendName, selection: backend?.reason ?? 'current tfjs backend' },
      versions: packageVersions(),
      startedAt: new Date().toISOString(),
    });

    // Keep metrics consistent with the checkpoint: rows written after it (a crash) are dropped.
    const history: LossPoint[] = [];
    if (resumeFrom && existsSync(paths.metrics)) {
      const rows = (await readJsonLines<MetricsRow>(paths.metrics)).filter((row) =>
        row.type === 'batch' ? row.step <= position.step : row.epoch <= position.epoch,
      );
      await atomicWriteFile(paths.metrics, rows.map((row) => `${JSON.stringify(row)}\n`).join(''));
      for (const row of rows) if (row.type === 'batch') history.push({ step: row.step, losses: row.losses });
    } else if (!resumeFrom) {
      await atomicWriteFile(paths.metrics, '');
    }

    const samples = pickSampleSet(data.test);
    const batchesPerEpoch = Math.min(
      data.train.batchCount({ batchSize: resolved.batchSize }),
      resolved.maxBatchesPerEpoch ?? Number.POSITIVE_INFINITY,
    );
    const logEvery = options.logEvery ?? (['cpu', 'wasm'].includes(backendName) ? 1 : 10);
    const startTime = performance.now();
    let samplesThisProcess = 0;
    let pending: PendingStep[] = [];
    let epochLossSums: Record<string, { sum: number; count: number }> = {};
    let lastGood: string | null = (await checkpointExists(paths.latest)) ? paths.latest : null;

    const throughput = () => samplesThisProcess / Math.max(1e-9, (performance.now() - startTime) / 1000);

    /** Reads every pending loss in one async transfer, checks them, logs them. */
    const flush = async () => {
      if (pending.length === 0) return;
      const batch = pending;
      pending = [];
      const scalars = batch.flatMap((p) => Object.values(p.losses));
      const stacked = tf.stack(scalars);
      const values = await stacked.data<'float32'>();
      stacked.dispose();
      tf.dispose(scalars);
      let cursor = 0;
      for (const p of batch) {
        const losses: Record<string, number> = {};
        for (const name of Object.keys(p.losses)) losses[name] = values[cursor++]!;
        for (const [name, value] of Object.entries(losses)) {
          if (!Number.isFinite(value)) {
            throw new NonFiniteLossError(name, value, p.event.epoch, p.event.step, lastGood);
          }
          const s = epochLossSums[name] ?? { sum: 0, count: 0 };
          s.sum += value;
          s.count += 1;
          epochLossSums[name] = s;
        }
        const row: BatchMetrics = {
          type: 'batch',
          epoch: p.event.epoch,
          batch: p.event.batch,
          step: p.event.step,
          losses,
          time: new Date().toISOString(),
        };
        await appendJsonLine(paths.metrics, row);
        history.push({ step: p.event.step, losses });
        options.onBatch?.({ ...p.event, losses, samplesPerSecond: throughput() });
      }
    };

    const checkpointContents = async (at: TrainerPosition): Promise<CheckpointContents> => ({
      position: at,
      fingerprint,
      optimizers: await Promise.all(
        parts.map(async (part, i) => ({ name: part.name, state: await optimizers[i]!.getState() })),
      ),
      metadata,
    });

    let aborted = false;
    for (let epoch = position.epoch; epoch < resolved.epochs && !aborted; epoch++) {
      const epochStart = performance.now();
      let samplesThisEpoch = 0;
      epochLossSums = {};
      const skip = epoch === position.epoch ? position.batchInEpoch : 0;
      let batchIndex = 0;
      for (const batch of data.train.batches({ batchSize: resolved.batchSize, seed: resolved.seed, epoch })) {
        if (batchIndex >= batchesPerEpoch) break;
        if (batchIndex < skip) {
          batchIndex++;
          continue;
        }
        const step = position.step;
        const tensors: ModelBatch = {
          audio: tf.tensor4d(batch.audio, [batch.audioShape[0], batch.audioShape[1], batch.audioShape[2], 1]),
          image: tf.tensor4d(batch.image, batch.imageShape),
        };
        const losses: Record<string, tf.Scalar> = {};
        parts.forEach((part, i) => {
          if ((step + 1) % part.every !== 0) return;
          const seed = deriveSeed(resolved.seed, step, i);
          const objective = part.objective;
          const { value, grads } = tf.variableGrads(
            () => objective.loss(tensors, { seed }),
            objective.variables,
          );
          optimizers[i]!.apply(objective.variables.map((v) => grads[v.name]!));
          tf.dispose(Object.values(grads));
          losses[part.name] = value;
        });
        tf.dispose([tensors.audio, tensors.image]);
        const size = batch.labels.length;
        samplesThisProcess += size;
        samplesThisEpoch += size;
        batchIndex++;
        position = { epoch, batchInEpoch: batchIndex, step: step + 1 };
        pending.push({
          event: {
            epoch: epoch + 1,
            epochs: resolved.epochs,
            batch: batchIndex,
            batchesPerEpoch,
            step: step + 1,
            batchSize: size,
          },
          losses,
        });
        if (pending.length >= logEvery) await flush();
        if (options.signal?.aborted) {
          aborted = true;
          break;
        }
      }
      await flush();
      if (aborted) {
        say(`stopping: writing a checkpoint at epoch ${epoch + 1}, batch ${position.batchInEpoch}`);
        await writeCheckpoint(paths.latest, model, await checkpointContents(position));
        break;
      }

      // Epoch finished: checkpoint, samples, chart, metrics.
      position = { epoch: epoch + 1, batchInEpoch: 0, step: position.step };
      const checkpointDir = paths.checkpoint(epoch + 1);
      await writeCheckpoint(checkpointDir, model, await checkpointContents(position));
      await copyCheckpoint(checkpointDir, paths.latest);
      lastGood = paths.latest;
      if (resolved.keepCheckpoints !== null)
        await pruneEpochCheckpoints(paths.checkpoints, resolved.keepCheckpoints);
      const samplePath = paths.sample(epoch + 1);
      if (samples) {
        const png = await renderSamples(
          model,
          samples,
          deriveSeed(resolved.seed, SeedPurpose.samples),
          `${resolved.model} ${resolved.preset} - epoch ${epoch + 1}`,
        );
        await atomicWriteFile(samplePath, png);
      }
      await atomicWriteFile(
        paths.lossChart,
        renderLossChart(history, {
          title: `${resolved.model} ${resolved.preset} losses (epoch ${epoch + 1})`,
        }),
      );
      const seconds = (performance.now() - epochStart) / 1000;
      const means: Record<string, number> = {};
      for (const [name, { sum, count }] of Object.entries(epochLossSums)) means[name] = sum / count;
      const numTensors = tf.memory().numTensors;
      const row: EpochMetrics = {
        type: 'epoch',
        epoch: epoch + 1,
        losses: means,
        seconds,
        samplesPerSecond: samplesThisEpoch / Math.max(1e-9, seconds),
        numTensors,
        time: new Date().toISOString(),
      };
      await appendJsonLine(paths.metrics, row);
      options.onEpoch?.({
        epoch: epoch + 1,
        epochs: resolved.epochs,
        losses: means,
        seconds,
        samplesPerSecond: row.samplesPerSecond,
        checkpointDir,
        samplePath,
        lossChartPath: paths.lossChart,
        numTensors,
      });
    }

    return {
      status: aborted ? 'aborted' : 'completed',
      epochsCompleted: position.epoch,
      steps: position.step,
      outDir: resolved.outDir,
      latestCheckpoint: paths.latest,
      backend: backendName,
      model,
    };
  } catch (error) {
    model.dispose();
    throw error;
  } finally {
    for (const optimizer of optimizers) optimizer.dispose();
  }
}

/** Reads a run's metrics.jsonl. */
export async function readMetrics(outDir: string): Promise<MetricsRow[]> {
  return readJsonLines<MetricsRow>(runPaths(outDir).metrics);
}
