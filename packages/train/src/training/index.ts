import '@ifa/backends/internal';
import { type BackendSelection, selectBackend } from '@ifa/backends';
import { InvalidOptionError } from '@ifa/core';
import { deriveSeed } from '@ifa/core/internal';
import {
  createModel,
  type IfaModel,
  type JsonObject,
  type ModelPreprocessing,
  type TrainingPhase,
  trainingSchedule,
} from '@ifa/models';
import * as tf from '@tensorflow/tfjs-core';
import type { TrainerPosition } from '../checkpoint';
import { checkpointExists, copyCheckpoint, readCheckpointModel, recoverCheckpoints } from '../checkpoint';
import { PositionalAdam } from '../optimizer';
import { SeedPurpose } from '../rng';
import { readJsonLines, runPaths } from '../run-folder';
import { checkpointSaver } from './checkpointing';
import { loadTrainingData, PAIRS_TEST_FRACTION, type TrainingData } from './data';
import {
  checkpointPruning,
  type EpochListener,
  floorApplies,
  lossCharts,
  sampleGrids,
} from './epoch-listeners';
import { evaluateTerms, evaluationSet, type ReconstructionFloors, reconstructionFloors } from './evaluation';
import { fingerprintOf } from './fingerprint';
import { LossReader } from './loss-reader';
import { type ResolvedTrainOptions, resolveTrainOptions, type TrainOptions } from './options';
import { checkFingerprint, checkPosition, openResumeCheckpoint, restoreOptimizers } from './resume';
import { type EpochMetrics, type MetricsRow, RunWriter, type TestMetrics } from './run-writer';
import { pickSampleSet } from './samples';
import { trainStep } from './step';
import { packageVersions } from './versions';

export type { BatchEvent, EpochEvent, RecipeTraining, TrainOptions } from './options';
export { RECIPE_TRAINING, recipeTraining, resolveTrainOptions, TRAIN_DEFAULTS } from './options';
export type { BatchMetrics, EpochMetrics, MetricsRow, TestMetrics } from './run-writer';

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

/** Refuses data whose spectrograms are not the size the model reads. */
function checkInputShape(model: IfaModel, data: TrainingData): void {
  const config = model.config as unknown as { inputHeight: number; inputWidth: number };
  const [height, width] = data.pairs.train.audioShape;
  if (height !== config.inputHeight || width !== config.inputWidth) {
    throw new InvalidOptionError({
      option: 'data',
      value: `${height}x${width} spectrograms`,
      expected: `${config.inputHeight}x${config.inputWidth} spectrograms, the model's input size`,
    });
  }
}

/**
 * A pairs folder sets the model's shape: input = its spectrogram size, image = the size and channels its
 * pictures were loaded at, and the `classCount` of a CVAE, VAE-GAN or WGAN-GP = its class folders. The
 * caller's config wins.
 */
function configForData(
  model: ResolvedTrainOptions['model'],
  config: Record<string, unknown>,
  data: TrainingData,
): Record<string, unknown> {
  if (data.classes === null) return config;
  const [inputHeight, inputWidth] = data.pairs.train.audioShape;
  const { images } = data.pairs.train;
  return {
    inputHeight,
    inputWidth,
    imageSize: images.height,
    imageChannels: images.channels ?? 1,
    // Every kind but the CGAN has a classCount (read by its class-conditioned recipe).
    ...(model !== 'cgan' && { classCount: data.classes.length }),
    ...config,
  };
}

/** run.json: what was asked for, what it resolved to, and where it ran. */
function runRecord(
  options: TrainOptions,
  resolved: ResolvedTrainOptions,
  context: {
    model: IfaModel;
    data: TrainingData;
    phases: readonly TrainingPhase[];
    adam: PositionalAdam['options'];
    backendName: string;
    backend: BackendSelection | null;
    floors: ReconstructionFloors;
  },
): unknown {
  const { model, data, phases, adam, backendName, backend, floors } = context;
  return {
    options: {
      model: resolved.model,
      preset: resolved.preset,
      config: options.config ?? {},
      epochs: resolved.epochs,
      batchSize: resolved.batchSize,
      learningRate: resolved.learningRate,
      phaseLearningRates: resolved.phaseLearningRates,
      adam: { beta1: adam.beta1, beta2: adam.beta2 },
      seed: resolved.seed,
      split: resolved.split,
      pairing: data.pairs.train.pairing.strategy,
      dataDir: data.dataDir,
      pairsDir: data.pairsDir,
      cropsPerClip: resolved.cropsPerClip,
      maxBatchesPerEpoch: resolved.maxBatchesPerEpoch,
      testLossPairs: resolved.testLossPairs,
      augment: resolved.augment,
      normalise: resolved.normalise,
      resume: resolved.resume,
    },
    config: model.config,
    encoder: data.pairs.encoderConfig,
    // How `evaluate` finds the pairs run's data again: the folder, split and shape it was trained on.
    ...(data.pairsDir !== null && {
      pairs: {
        dir: data.pairsDir,
        seed: resolved.seed,
        testFraction: PAIRS_TEST_FRACTION,
        imageSize: data.pairs.train.images.height,
        channels: data.pairs.train.images.channels ?? 1,
        cropsPerClip: resolved.cropsPerClip,
      },
    }),
    data: {
      train: data.pairs.train.size,
      test: data.pairs.test.size,
      imagePolicy: data.pairs.imagePolicy,
      ...(data.classes !== null && { classes: data.classes }),
    },
    schedule: phases.map((p) => ({ loss: p.name, everyNthBatch: p.every })),
    reconstructionFloor: {
      units:
        'sum of squared differences over the pixels of one image (values in [0, 1]); perBatch = batchSize x ' +
        'perSample, the scale of the reconstruction terms in metrics.jsonl',
      ...floors,
    },
    backend: {
      name: backendName,
      selection: backend?.reason ?? 'current tfjs backend',
      ...(backend !== null && { threads: backend.threads }),
    },
    versions: packageVersions(),
    startedAt: new Date().toISOString(),
  };
}

/**
 * Trains one of the four models on MNIST x FSDD, writing a run folder as it goes (run.json, metrics.jsonl,
 * checkpoints/epoch-NNN + latest, samples/epoch-NNN.png, losses.png). Deterministic for a fixed seed on a
 * given backend; `resume` continues from `checkpoints/latest` to the same weights as an uninterrupted run.
 * A folder that already holds a run is refused unless `resume` or `overwrite` says what to do with it.
 */
export async function train(options: TrainOptions): Promise<TrainResult> {
  let resolved = resolveTrainOptions(options);
  const say = options.onMessage ?? (() => {});
  const backend =
    options.backend === undefined
      ? null
      : await selectBackend({
          prefer: options.backend,
          log: say,
          ...(options.threads !== undefined && { threads: options.threads }),
        });
  await tf.ready();
  const backendName = tf.getBackend();
  const paths = runPaths(resolved.outDir);
  const folder = new RunWriter(paths);

  // The run folder: repair a checkpoint swap a crash interrupted, and never replace a run by accident.
  for (const message of await recoverCheckpoints(paths.checkpoints)) say(message);
  if (!resolved.resume && !resolved.overwrite) await folder.refuseExistingRun();
  const resume = resolved.resume ? await openResumeCheckpoint(paths.latest) : null;

  // What this run is; a resume must match the checkpoint before anything is loaded or written.
  const data = await loadTrainingData(options, resolved, say);
  resolved = { ...resolved, config: configForData(resolved.model, resolved.config, data) };
  const fingerprint = fingerprintOf(resolved, data.identity);
  const batchesPerEpoch = Math.min(
    data.pairs.train.batchCount({ batchSize: resolved.batchSize }),
    resolved.maxBatchesPerEpoch ?? Number.POSITIVE_INFINITY,
  );
  // The least reconstruction SSE any generator can reach on these targets, and the per-epoch test pairs.
  const floors = reconstructionFloors(data.pairs, resolved.batchSize);
  const evaluationSeed = deriveSeed(resolved.seed, SeedPurpose.evaluation);
  const testSet = evaluationSet(data.pairs.test, {
    pairs: resolved.testLossPairs,
    batchSize: resolved.batchSize,
    seed: evaluationSeed,
  });
  const trainSet = testSet
    ? evaluationSet(data.pairs.train, {
        pairs: resolved.testLossPairs,
        batchSize: resolved.batchSize,
        seed: deriveSeed(evaluationSeed, 1),
      })
    : null;
  let position: TrainerPosition = { epoch: 0, batchInEpoch: 0, step: 0 };
  if (resume) {
    checkFingerprint(resume, fingerprint, say);
    position = checkPosition(resume, batchesPerEpoch);
  }

  const model: IfaModel = resume
    ? await readCheckpointModel(resume.dir)
    : createModel(resolved.model, resolved.config as never, {
        seed: deriveSeed(resolved.seed, SeedPurpose.init),
      });
  let optimizers: PositionalAdam[] = [];
  let reader: LossReader | null = null;
  try {
    checkInputShape(model, data);
    const phases = trainingSchedule(model);
    optimizers = phases.map(
      (p) =>
        new PositionalAdam(p.objective.variables, {
          learningRate: resolved.phaseLearningRates[p.name] ?? resolved.learningRate,
        }),
    );
    if (resume) {
      restoreOptimizers(resume, phases, optimizers);
      say(
        `resuming at epoch ${position.epoch + 1}, batch ${position.batchInEpoch + 1} (step ${position.step})`,
      );
    }

    // Every check passed: now the folder is written.
    if (resolved.overwrite) {
      const cleared = await folder.clear();
      if (cleared.length > 0) say(`overwrite: deleted ${cleared.join(', ')} in ${paths.root}`);
    }
    await folder.writeRunJson(
      runRecord(options, resolved, {
        model,
        data,
        phases,
        adam: optimizers[0]!.options,
        backendName,
        backend,
        floors,
      }),
    );
    if (!options.data && data.pairsDir === null) {
      await folder.writeImagePools({
        excludesJudgeImages: true,
        imagePolicy: data.pairs.imagePolicy,
        trainPairs: data.pairs.train.size,
        testPairs: data.pairs.test.size,
      });
    }
    const history = await folder.startMetrics(resume ? position : null);

    const saveCheckpoint = checkpointSaver({
      model,
      phases,
      optimizers,
      fingerprint,
      // The typed record is what readers use; metadata.encoder stays for readers older than it.
      preprocessing: {
        version: data.pairs.speakerNormalisation === undefined ? 1 : 2,
        encoder: data.pairs.encoderConfig as ModelPreprocessing['encoder'],
        ...(data.pairs.speakerNormalisation !== undefined && {
          speakerNormalisation: data.pairs.speakerNormalisation,
        }),
      },
      metadata: {
        encoder: data.pairs.encoderConfig as JsonObject,
        trainedWith: '@ifa/train',
        model: resolved.model,
        seed: resolved.seed,
      },
    });
    const name = `${resolved.model} ${resolved.preset}`;
    const samples = pickSampleSet(data.pairs.test, data.classes);
    const listeners: EpochListener[] = [];
    if (resolved.keepCheckpoints !== null) {
      listeners.push(checkpointPruning(paths.checkpoints, resolved.keepCheckpoints));
    }
    if (samples) {
      const seed = deriveSeed(resolved.seed, SeedPurpose.samples);
      listeners.push(sampleGrids({ model, samples, seed, title: (epoch) => `${name} - epoch ${epoch}` }));
    }
    listeners.push(
      lossCharts({
        history,
        floors: floorApplies(model.config) ? floors : null,
        title: (epoch) => `${name} losses (epoch ${epoch})`,
      }),
    );

    const startTime = performance.now();
    let samplesThisProcess = 0;
    let lastGood: string | null = (await checkpointExists(paths.latest)) ? paths.latest : null;
    reader = new LossReader({
      every: options.logEvery ?? (['cpu', 'wasm'].includes(backendName) ? 1 : 10),
      lastGood: () => lastGood,
      onStep: async (event, values) => {
        await folder.appendMetrics({
          type: 'batch',
          ...pick(event),
          losses: values,
          time: new Date().toISOString(),
        });
        history.points.push({ step: event.step, losses: values });
        const samplesPerSecond = samplesThisProcess / Math.max(1e-9, (performance.now() - startTime) / 1000);
        options.onBatch?.({ ...event, losses: values, samplesPerSecond });
      },
    });
    let aborted = options.signal?.aborted ?? false;
    for (let epoch = position.epoch; epoch < resolved.epochs && !aborted; epoch++) {
      const epochStart = performance.now();
      let samplesThisEpoch = 0;
      reader.resetEpoch();
      const skip = epoch === position.epoch ? position.batchInEpoch : 0;
      let batchIndex = 0;
      for (const batch of data.pairs.train.batches({
        batchSize: resolved.batchSize,
        seed: resolved.seed,
        epoch,
      })) {
        if (batchIndex >= batchesPerEpoch) break;
        if (batchIndex++ < skip) continue;
        const step = position.step;
        const stepLosses = trainStep(phases, optimizers, batch, {
          seed: resolved.seed,
          step,
          augment: resolved.augment,
        });
        const size = batch.labels.length;
        samplesThisProcess += size;
        samplesThisEpoch += size;
        position = { epoch, batchInEpoch: batchIndex, step: step + 1 };
        const event = { epoch: epoch + 1, epochs: resolved.epochs, batch: batchIndex, batchesPerEpoch };
        await reader.push({ event: { ...event, step: step + 1, batchSize: size }, losses: stepLosses });
        if (options.signal?.aborted) {
          aborted = true;
          break;
        }
      }
      await reader.flush();
      if (aborted) break;

      // Epoch finished: checkpoint, then the listeners (pruning, samples, chart), metrics, onEpoch.
      position = { epoch: epoch + 1, batchInEpoch: 0, step: position.step };
      const checkpointDir = paths.checkpoint(epoch + 1);
      await saveCheckpoint(checkpointDir, position);
      await copyCheckpoint(checkpointDir, paths.latest);
      lastGood = paths.latest;
      // Held-out losses (and the same on training pairs), before the chart that draws them.
      let test: TestMetrics | null = null;
      if (testSet && trainSet) {
        const started = performance.now();
        const losses = await evaluateTerms(phases, testSet, evaluationSeed);
        const trainLosses = await evaluateTerms(phases, trainSet, evaluationSeed);
        test = {
          type: 'test',
          epoch: epoch + 1,
          step: position.step,
          batchSize: resolved.batchSize,
          pairs: testSet.pairs,
          losses,
          train: { pairs: trainSet.pairs, losses: trainLosses },
          seconds: (performance.now() - started) / 1000,
          time: new Date().toISOString(),
        };
        await folder.appendMetrics(test);
        history.tests.push(test);
      }
      const end = {
        epoch: epoch + 1,
        checkpointDir,
        samplePath: paths.sample(epoch + 1),
        lossChartPath: paths.lossChart,
      };
      for (const listener of listeners) await listener(end);
      const seconds = (performance.now() - epochStart) / 1000;
      const row: EpochMetrics = {
        type: 'epoch',
        epoch: epoch + 1,
        losses: reader.epochMeans(),
        seconds,
        samplesPerSecond: samplesThisEpoch / Math.max(1e-9, seconds),
        numTensors: tf.memory().numTensors,
        time: new Date().toISOString(),
      };
      await folder.appendMetrics(row);
      options.onEpoch?.({
        ...end,
        epochs: resolved.epochs,
        losses: row.losses,
        seconds,
        samplesPerSecond: row.samplesPerSecond,
        numTensors: row.numTensors,
        testLosses: test?.losses ?? null,
      });
    }
    if (aborted) {
      say(`stopping: writing a checkpoint at epoch ${position.epoch + 1}, batch ${position.batchInEpoch}`);
      await saveCheckpoint(paths.latest, position);
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
    reader?.dispose();
    model.dispose();
    throw error;
  } finally {
    for (const optimizer of optimizers) optimizer.dispose();
  }
}

/** The position fields of a batch event, as a metrics row records them. */
function pick(event: { epoch: number; batch: number; step: number }) {
  return { epoch: event.epoch, batch: event.batch, step: event.step };
}

/** Reads a run's metrics.jsonl. */
export async function readMetrics(outDir: string): Promise<MetricsRow[]> {
  return readJsonLines<MetricsRow>(runPaths(outDir).metrics);
}
