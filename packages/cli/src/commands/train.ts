import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { BackendPreference } from '@ifa/backends';
import { InvalidOptionError } from '@ifa/core';
import type { ModelKind, PresetName } from '@ifa/models';
import { type FsddSplitScheme, type OnInvalid, sampleDataDir } from '@ifa/paired-dataset';
import { resolveDataDirWithSource } from '@ifa/paired-dataset/internal';
import { train } from '@ifa/train';
import { SingleBar } from 'cli-progress';
import type { CliIo } from '../io';
import { outputDir } from './files';

export interface TrainCommandOptions {
  model: ModelKind;
  preset: PresetName;
  epochs: number;
  /** Omitted: the recipe's (`recipeTraining` of @ifa/train). */
  batchSize?: number;
  learningRate?: number;
  seed: number;
  dataDir?: string;
  split: FsddSplitScheme;
  /** A pairs folder (`audio/<class>`, `images/<class>`): trains on it instead of MNIST x FSDD. */
  pairs?: string;
  /** With `pairs`: windows per long training recording. */
  cropsPerClip?: number;
  out: string;
  resume: boolean;
  /** Delete the run already in `out` and start afresh. */
  overwrite?: boolean;
  maxBatches?: number;
  keepCheckpoints?: number;
  /** Spectrogram augmentation with its defaults. */
  augment?: boolean;
  /** Per-speaker normalisation of the spectrograms. */
  normalise?: 'speaker';
  pairing?: 'random' | 'one-to-one';
  /** Model config overrides on the preset. */
  config?: Record<string, unknown>;
  cacheDir?: string;
  onInvalid?: OnInvalid;
  backend: BackendPreference;
  /** wasm XNNPACK threads ('auto': one per core). */
  threads?: number | 'auto';
}

/** Signals that stop a training run cleanly, and the exit code each leaves (128 + signal number). */
const STOP_SIGNALS = ['SIGINT', 'SIGTERM'] as const;
type StopSignal = (typeof STOP_SIGNALS)[number];
const EXIT_CODES: Record<StopSignal, number> = { SIGINT: 130, SIGTERM: 143 };

async function hasRecordings(dir: string): Promise<boolean> {
  const entries = await readdir(join(dir, 'fsdd', 'recordings')).catch(() =>
    readdir(join(dir, 'fsdd')).catch(() => []),
  );
  return entries.some((name) => name.endsWith('.wav'));
}

/** --data-dir, then IFA_DATA_DIR, then the user cache when it holds data, else the shipped sample. */
export async function chooseDataDir(
  io: CliIo,
  given: string | undefined,
): Promise<{ dir: string; note: string }> {
  if (given === 'sample') return { dir: sampleDataDir(), note: 'the shipped sample (--data-dir sample)' };
  if (given !== undefined) return { dir: resolve(io.cwd, given), note: '--data-dir' };
  const { dir, source } = resolveDataDirWithSource({ argv: [], env: io.env });
  if (source === 'environment') return { dir, note: 'IFA_DATA_DIR' };
  if (await hasRecordings(dir)) return { dir, note: 'the user data cache' };
  return {
    dir: sampleDataDir(),
    note: `the shipped sample (no data in ${dir}; run \`ifa datasets download\` or set IFA_DATA_DIR for the full sets)`,
  };
}

function formatLosses(losses: Record<string, number>): string {
  return Object.entries(losses)
    .map(([name, value]) => `${name} ${value.toPrecision(4)}`)
    .join('  ');
}

export async function trainCommand(io: CliIo, options: TrainCommandOptions): Promise<void> {
  if (options.pairs !== undefined && options.dataDir !== undefined) {
    throw new InvalidOptionError({
      option: '--data-dir',
      value: options.dataDir,
      expected: 'unset with --pairs (the pairs folder is the data)',
    });
  }
  if (options.cropsPerClip !== undefined && options.pairs === undefined) {
    throw new InvalidOptionError({
      option: '--crops-per-clip',
      value: options.cropsPerClip,
      expected: 'used only with --pairs',
    });
  }
  const pairsDir = options.pairs === undefined ? undefined : resolve(io.cwd, options.pairs);
  const data = pairsDir === undefined ? await chooseDataDir(io, options.dataDir) : null;
  io.stderr(data ? `[ifa] data: ${data.dir} (${data.note})\n` : `[ifa] pairs: ${pairsDir}\n`);
  const out = await outputDir(io, '--out', options.out);
  // SIGINT (Ctrl-C) and SIGTERM (kill, docker stop, CI timeouts) both finish the current step, write
  // checkpoints/latest and exit with 128 + the signal number (130, 143); a second one quits at once.
  const controller = new AbortController();
  let stoppedBy: StopSignal | null = null;
  const onSignal = (signal: StopSignal) => {
    if (stoppedBy !== null) process.exit(EXIT_CODES[signal]);
    stoppedBy = signal;
    io.stderr(
      `\n[ifa] ${signal}: stopping after the current step and writing a checkpoint ` +
        `(${signal === 'SIGINT' ? 'Ctrl-C' : 'send it'} again to quit now)\n`,
    );
    controller.abort();
  };
  for (const signal of STOP_SIGNALS) process.on(signal, onSignal);

  const bar = io.interactive
    ? new SingleBar({
        format:
          'epoch {epoch}/{epochs} |{bar}| {value}/{total} batches | {losses} | {rate} samples/s | ETA {eta_formatted}',
        hideCursor: true,
        etaBuffer: 20,
        stream: process.stderr,
      })
    : null;
  let barEpoch = 0;
  let losses: Record<string, number> = {};
  try {
    const result = await train({
      model: options.model,
      preset: options.preset,
      epochs: options.epochs,
      ...(options.batchSize !== undefined && { batchSize: options.batchSize }),
      ...(options.learningRate !== undefined && { learningRate: options.learningRate }),
      seed: options.seed,
      ...(data !== null ? { dataDir: data.dir, split: options.split } : { pairsDir }),
      ...(options.cropsPerClip !== undefined && { cropsPerClip: options.cropsPerClip }),
      outDir: out,
      resume: options.resume,
      overwrite: options.overwrite ?? false,
      backend: options.backend,
      ...(options.threads !== undefined && { threads: options.threads }),
      ...(options.maxBatches !== undefined && { maxBatchesPerEpoch: options.maxBatches }),
      ...(options.keepCheckpoints !== undefined && { keepCheckpoints: options.keepCheckpoints }),
      ...(options.augment === true && { augment: true }),
      ...(options.normalise !== undefined && { normalise: options.normalise }),
      ...(options.pairing !== undefined && { pairing: options.pairing }),
      ...(options.config !== undefined && { config: options.config }),
      ...(options.cacheDir !== undefined && { cacheDir: resolve(io.cwd, options.cacheDir) }),
      ...(options.onInvalid !== undefined && { onInvalid: options.onInvalid }),
      signal: controller.signal,
      onMessage: (message) => io.stderr(`[ifa] ${message.replace(/^\[ifa\] /, '')}\n`),
      onBatch: (event) => {
        losses = event.losses;
        const payload = {
          epoch: event.epoch,
          epochs: event.epochs,
          losses: formatLosses(losses),
          rate: event.samplesPerSecond.toFixed(1),
        };
        if (!bar) {
          // Logs and CI: a plain line about every tenth of an epoch instead of a live bar.
          const every = Math.max(1, Math.floor(event.batchesPerEpoch / 10));
          if (event.batch % every === 0 || event.batch === event.batchesPerEpoch) {
            io.stderr(
              `[ifa] epoch ${event.epoch}/${event.epochs} batch ${event.batch}/${event.batchesPerEpoch} | ` +
                `${payload.losses} | ${payload.rate} samples/s\n`,
            );
          }
          return;
        }
        if (barEpoch !== event.epoch) {
          if (barEpoch !== 0) bar.stop();
          bar.start(event.batchesPerEpoch, event.batch, payload);
          barEpoch = event.epoch;
        } else {
          bar.update(event.batch, payload);
        }
      },
      onEpoch: (event) => {
        if (bar) {
          bar.stop();
          barEpoch = 0;
        }
        io.stderr(
          `[ifa] epoch ${event.epoch}/${event.epochs}: ${formatLosses(event.losses)} | ` +
            `${event.samplesPerSecond.toFixed(1)} samples/s | ${event.seconds.toFixed(1)} s | ` +
            `samples ${event.samplePath}\n`,
        );
      },
    });
    result.model.dispose();
    io.stdout(
      result.status === 'aborted'
        ? `stopped after ${result.steps} steps; checkpoint ${result.latestCheckpoint} (continue with --resume)\n`
        : `done: ${result.epochsCompleted} epochs, ${result.steps} steps; run folder ${result.outDir}\n`,
    );
    // The bin exits with this code (runCli's 0 means the command itself did not fail).
    if (stoppedBy !== null) process.exitCode = EXIT_CODES[stoppedBy];
  } finally {
    bar?.stop();
    for (const signal of STOP_SIGNALS) process.off(signal, onSignal);
  }
}
