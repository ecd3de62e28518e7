import { createRequire } from 'node:module';
import { BACKEND_PREFERENCES, type BackendPreference } from '@ifa/backends';
import {
  HEARD_CONDITIONS,
  type HeardCondition,
  MODEL_KINDS,
  type ModelKind,
  PRESET_NAMES,
  type PresetName,
} from '@ifa/models';
import type { FsddSplitScheme, OnInvalid } from '@ifa/paired-dataset';
import { TRAIN_DEFAULTS } from '@ifa/train';
import * as tf from '@tensorflow/tfjs-core';
import { Command, CommanderError, Option } from 'commander';
import {
  datasetsDownloadCommand,
  datasetsMakeSoundscapesCommand,
  datasetsVerifyCommand,
} from './commands/datasets';
import { encodeCommand } from './commands/encode';
import { evaluateCommand } from './commands/evaluate';
import { GENERATE_LIMITS, generateCommand, PRETRAINED_NAMES } from './commands/generate';
import { infoCommand } from './commands/info';
import { trainCommand } from './commands/train';
import { errorLine } from './errors';
import type { CliIo } from './io';
import {
  configOverrides,
  integerInRange,
  nonNegativeInteger,
  positiveInteger,
  positiveNumber,
  SPLIT_HELP,
  splitScheme,
  threadCount,
} from './parse';

/** The version of @ifa/cli (its package.json sits one folder above both src/ and dist/). */
const VERSION = (createRequire(import.meta.url)('../package.json') as { version: string }).version;

/** `--on-invalid`: what to do with recordings that cannot be read. */
const onInvalidOption = () =>
  new Option(
    '--on-invalid <action>',
    'unreadable recordings in the data folder: error (stop, naming them) or skip (use the rest)',
  )
    .choices(['error', 'skip'])
    .default('error');

function onInvalid(value: unknown): OnInvalid {
  return value === 'skip' ? 'skip' : 'throw';
}

function examples(lines: string[]): string {
  return `\nExamples:\n${lines.map((line) => `  $ ${line}`).join('\n')}\n`;
}

/** Builds the `ifa` command tree. Actions write through `io`; errors propagate to {@link runCli}. */
export function buildProgram(io: CliIo): Command {
  const program = new Command('ifa')
    .description('Image from audio: train models that draw MNIST digits from FSDD recordings, and use them.')
    .version(VERSION, '-v, --version', 'print the version of @ifa/cli')
    .option('--verbose', 'show stack traces and extra detail on errors')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride()
    .addHelpText(
      'after',
      examples([
        'ifa generate --model digits --audio 7_jackson_0.wav --out seven.png',
        'ifa info',
        'ifa train --model cgan --preset small --epochs 5 --out runs/cgan',
        'ifa generate --model runs/cgan/checkpoints/latest --audio 7_jackson_0.wav --out seven.png',
        'ifa datasets make-soundscapes --out data/soundscapes   # synthetic sounds paired with pictures',
      ]),
    );
  const backendOption = () =>
    new Option('--backend <name>', 'tfjs backend').choices(BACKEND_PREFERENCES as string[]).default('auto');
  const heardOption = () =>
    new Option(
      '--heard <condition>',
      "for models that hear the digit (CVAE, VAE-GAN, WGAN-GP recommended): 'most-likely' draws the one digit their audio classifier hears most likely, 'probabilities' a blend of its class probabilities (ignored by the CGAN)",
    )
      .choices(HEARD_CONDITIONS as string[])
      .default('probabilities');

  program
    .command('info')
    .description('print versions, the tfjs backends available here and which one `auto` would choose')
    .addHelpText('after', examples(['ifa info']))
    .action(async () => infoCommand(io));

  program
    .command('train')
    .description('train a model on MNIST x FSDD, writing checkpoints, sample grids and a loss chart to --out')
    .addOption(new Option('--model <kind>', 'model to train').choices(MODEL_KINDS).makeOptionMandatory())
    .addOption(
      new Option(
        '--preset <name>',
        "recipe and size: 'recommended' (best measured), or the original's 'seed', 'small', 'tiny'",
      )
        .choices(PRESET_NAMES)
        .default(TRAIN_DEFAULTS.preset),
    )
    .option(
      '--config <json>',
      'model config overrides on the preset, as JSON (e.g. \'{"klWeight":0}\'; unknown keys are refused)',
      configOverrides,
    )
    .option('--epochs <n>', 'total epochs of the run', positiveInteger, TRAIN_DEFAULTS.epochs)
    .option(
      '--batch-size <n>',
      `pairs per batch (default: the recipe's, ${TRAIN_DEFAULTS.batchSize} unless it says otherwise)`,
      positiveInteger,
    )
    .option(
      '--learning-rate <lr>',
      `Adam learning rate (default: the recipe's, ${TRAIN_DEFAULTS.learningRate} unless it says otherwise)`,
      positiveNumber,
    )
    .option(
      '--seed <n>',
      'seed of initialisation, shuffling, pairing and noise',
      nonNegativeInteger,
      TRAIN_DEFAULTS.seed,
    )
    .option(
      '--data-dir <dir>',
      'data folder with fsdd/ and mnist/ (default: IFA_DATA_DIR, the user cache, else the shipped sample); "sample" forces the shipped sample',
    )
    .option('--split <scheme>', SPLIT_HELP, splitScheme, 'standard')
    .option(
      '--pairs <dir>',
      'train on your own sounds and pictures instead of digits: <dir>/audio/<class>/*.wav with <dir>/images/<class>/*.png|jpg, paired by class name (64 x 64 RGB images unless --config sets imageSize/imageChannels; try `ifa datasets make-soundscapes`)',
    )
    .option(
      '--crops-per-clip <n>',
      'with --pairs: windows cut from each long training recording (default 4)',
      positiveInteger,
    )
    .addOption(
      new Option(
        '--pairing <strategy>',
        "recording-to-image pairing: 'random' (a fresh same-label image each epoch) or the original scripts' 'one-to-one'",
      )
        .choices(['random', 'one-to-one'])
        .default('random'),
    )
    .option('--out <dir>', 'run folder', 'runs/latest')
    .option('--resume', 'continue from <out>/checkpoints/latest (refused if options or data differ)')
    .option(
      '--overwrite',
      'delete the run already in <out> (run.json, metrics, samples, checkpoints) and start afresh',
    )
    .option(
      '--keep-checkpoints <n>',
      'keep only the newest n epoch checkpoints (latest is always kept)',
      positiveInteger,
    )
    .option('--max-batches <n>', 'stop each epoch after n batches (quick tries)', positiveInteger)
    .option(
      '--augment',
      'augment the training spectrograms (time/band shift, speed, SpecAugment masks, noise; never at evaluation)',
    )
    .addOption(
      new Option(
        '--normalise <how>',
        "'speaker': map each voice's spectrograms, band by band, to the training set's band means and deviations (held-out and test voices by their own recordings; MNIST x FSDD only)",
      ).choices(['speaker']),
    )
    .option('--cache-dir <dir>', 'on-disk spectrogram cache folder')
    .addOption(onInvalidOption())
    .addOption(backendOption())
    .option(
      '--threads <n>',
      "wasm backend's XNNPACK threads: a count, or 'auto' for one per core (1 forces one thread)",
      threadCount,
      'auto',
    )
    .addHelpText(
      'after',
      examples([
        'ifa train --model cgan --preset small --epochs 5 --out runs/cgan',
        'IFA_DATA_DIR=../shared/datasets ifa train --model wgan --preset small --epochs 20 --out runs/wgan',
        'ifa train --model cgan --out runs/cgan --epochs 10 --resume   # continue after Ctrl-C (exit 130)',
        'ifa train --model cgan --out runs/cgan --overwrite   # replace the run in runs/cgan',
        'ifa train --model cgan --split speakers:theo --out runs/cgan-theo   # theo only in the test set',
        'ifa train --model cvae --epochs 60 --split speakers:theo --augment --out runs/cvae-theo',
        'ifa train --model cvae --epochs 60 --split speakers:theo --augment --normalise speaker --out runs/cvae-theo-norm',
        'ifa train --model cgan --data-dir ~/my-data --on-invalid skip   # train on the readable recordings',
        'ifa train --model cvae --preset tiny --epochs 1 --max-batches 5 --backend cpu --out /tmp/try',
        'ifa datasets make-soundscapes --out data/soundscapes && ifa train --model cvae --pairs data/soundscapes --out runs/scenes',
      ]),
    )
    .action(async (options: Record<string, unknown>) =>
      trainCommand(io, {
        model: options.model as ModelKind,
        preset: options.preset as PresetName,
        epochs: options.epochs as number,
        batchSize: options.batchSize as number | undefined,
        learningRate: options.learningRate as number | undefined,
        seed: options.seed as number,
        dataDir: options.dataDir as string | undefined,
        split: options.split as FsddSplitScheme,
        pairs: options.pairs as string | undefined,
        cropsPerClip: options.cropsPerClip as number | undefined,
        out: options.out as string,
        resume: Boolean(options.resume),
        overwrite: Boolean(options.overwrite),
        maxBatches: options.maxBatches as number | undefined,
        keepCheckpoints: options.keepCheckpoints as number | undefined,
        augment: options.augment === true,
        ...(options.normalise !== undefined && { normalise: options.normalise as 'speaker' }),
        config: options.config as Record<string, unknown> | undefined,
        pairing: options.pairing as 'random' | 'one-to-one',
        cacheDir: options.cacheDir as string | undefined,
        onInvalid: onInvalid(options.onInvalid),
        backend: options.backend as BackendPreference,
        threads: options.threads as number | 'auto',
      }),
    );

  program
    .command('generate')
    .description(
      'draw image(s) for a recording (or a folder of them) with a trained or pretrained model (uses the preprocessing saved with it)',
    )
    .requiredOption(
      '--model <dir|name>',
      `model folder (a checkpoint such as runs/x/checkpoints/latest, or a run folder), or a pretrained model shipped with ifa: ${PRETRAINED_NAMES.join(', ')} (no download)`,
    )
    .requiredOption('--audio <file.wav|folder>', 'recording to draw, or a folder: every .wav file in it')
    .option(
      '--out <image.png|folder>',
      `output PNG (with --count > 1, images are laid out ${GENERATE_LIMITS.columns} to a row); with a folder of recordings, a folder: one PNG per recording, named after it`,
      'generated.png',
    )
    .option(
      '--count <n>',
      `number of images, 1 to ${GENERATE_LIMITS.maxCount} (they differ only for models with noise)`,
      integerInRange(1, GENERATE_LIMITS.maxCount),
      1,
    )
    .option('--seed <n>', 'noise seed', nonNegativeInteger, 0)
    .option(
      '--scale <n>',
      `pixel upscaling of the PNG, 1 to ${GENERATE_LIMITS.maxScale}; the PNG is at most ${GENERATE_LIMITS.maxSide} px a side`,
      integerInRange(1, GENERATE_LIMITS.maxScale),
      4,
    )
    .option(
      '--voice <file.wav|folder>',
      'recordings of the speaker, any words (about ten are enough), for a model trained with --normalise speaker: each recording is mapped from this voice to the training set (default: each recording by itself)',
    )
    .addOption(heardOption())
    .addOption(backendOption())
    .addHelpText(
      'after',
      examples([
        'ifa generate --model digits --audio 7_jackson_0.wav --out seven.png',
        'ifa generate --model digits --audio recordings/ --out pictures/',
        'ifa generate --model runs/cgan/checkpoints/latest --audio 7_jackson_0.wav --out seven.png',
        'ifa generate --model runs/wgan --audio my-voice.wav --count 8 --out eights.png',
        'ifa generate --model runs/cvae-norm --audio seven.wav --voice my-recordings/ --out seven.png',
        'ifa generate --model runs/cvae --audio seven.wav --heard most-likely --count 8 --out sevens.png',
      ]),
    )
    .action(async (options: Record<string, unknown>) =>
      generateCommand(io, {
        model: options.model as string,
        audio: options.audio as string,
        out: options.out as string,
        count: options.count as number,
        seed: options.seed as number,
        scale: options.scale as number,
        ...(options.voice !== undefined && { voice: options.voice as string }),
        heard: options.heard as HeardCondition,
        backend: options.backend as BackendPreference,
      }),
    );

  program
    .command('encode')
    .description('turn a WAV file into the spectrogram image the models see (28 x 28 mel, 8 kHz defaults)')
    .requiredOption('--audio <file.wav>', 'recording to encode')
    .requiredOption('--out <spectrogram.png>', 'output PNG')
    .option('--n-mels <n>', 'image height (mel bands)', positiveInteger)
    .option('--n-frames <n>', 'image width (time columns)', positiveInteger)
    .addHelpText(
      'after',
      examples([
        'ifa encode --audio 7_jackson_0.wav --out spectrogram.png',
        'ifa encode --audio speech.wav --out wide.png --n-mels 64 --n-frames 128',
      ]),
    )
    .action(async (options: Record<string, unknown>) =>
      encodeCommand(io, {
        audio: options.audio as string,
        out: options.out as string,
        nMels: options.nMels as number | undefined,
        nFrames: options.nFrames as number | undefined,
      }),
    );

  program
    .command('evaluate')
    .description('score a trained run with a digit judge: accuracy, confusion, diversity, Frechet distance')
    .requiredOption('--run <dir>', 'run folder (or a model/checkpoint folder)')
    .option('--split <scheme>', `${SPLIT_HELP} (default: the run's split)`, splitScheme)
    .option('--json', 'print the report as JSON instead of a table')
    .option('--data-dir <dir>', "data folder with fsdd/ and mnist/ (default: the run's, else IFA_DATA_DIR)")
    .option('--judge-cache <dir>', 'folder of cached judges (default: ~/.cache/ifa/judges)')
    .option('--repeats <n>', 'generations per recording for the noise diversity', positiveInteger, 5)
    .option('--seed <n>', 'noise seed', nonNegativeInteger, 0)
    .option('--out <dir>', 'folder for report.json and confusion.png (default: the run folder)')
    .addOption(heardOption())
    .addOption(onInvalidOption())
    .addOption(backendOption())
    .addHelpText(
      'after',
      examples([
        'ifa evaluate --run runs/cgan',
        'ifa evaluate --run runs/cgan-theo --split speakers:theo --json',
        'ifa evaluate --run runs/cvae-theo --heard most-likely --out runs/cvae-theo/most-likely',
      ]),
    )
    .action(async (options: Record<string, unknown>) =>
      evaluateCommand(io, {
        run: options.run as string,
        split: options.split as FsddSplitScheme | undefined,
        json: Boolean(options.json),
        dataDir: options.dataDir as string | undefined,
        judgeCacheDir: options.judgeCache as string | undefined,
        repeats: options.repeats as number,
        seed: options.seed as number,
        heard: options.heard as HeardCondition,
        backend: options.backend as BackendPreference,
        ...(options.out !== undefined && { out: options.out as string }),
        onInvalid: onInvalid(options.onInvalid),
      }),
    );

  const datasets = program
    .command('datasets')
    .description('download or verify MNIST and FSDD, or write the synthetic soundscapes pairs folder')
    .addHelpText(
      'after',
      examples([
        'ifa datasets download',
        'ifa datasets verify --data-dir ../shared/datasets',
        'ifa datasets make-soundscapes --out data/soundscapes',
      ]),
    );
  datasets
    .command('download')
    .description('fetch MNIST and FSDD v1.0.10 into the data folder, checking checksums')
    .option('--data-dir <dir>', 'target folder (default: IFA_DATA_DIR or the user cache)')
    .addHelpText('after', examples(['ifa datasets download', 'ifa datasets download --data-dir ~/data/ifa']))
    .action(async (options: { dataDir?: string }) => datasetsDownloadCommand(io, options));
  datasets
    .command('verify')
    .description('check every dataset file against its published checksum')
    .option('--data-dir <dir>', 'folder to check (default: IFA_DATA_DIR or the user cache)')
    .addHelpText(
      'after',
      examples(['ifa datasets verify', 'IFA_DATA_DIR=../shared/datasets ifa datasets verify']),
    )
    .action(async (options: { dataDir?: string }) => datasetsVerifyCommand(io, options));
  datasets
    .command('make-soundscapes')
    .description(
      'write synthetic paired sounds and pictures (beach, fire, forest, rain, street) as a pairs folder: ' +
        'audio/<class>/*.wav and images/<class>/*.png (64 x 64 RGB); deterministic for a seed',
    )
    .requiredOption('--out <dir>', 'folder to write into (refused if not empty, unless --overwrite)')
    .option('--seed <n>', 'seed of every sound and picture (same seed, same bytes)', nonNegativeInteger, 0)
    .option(
      '--per-class <n>',
      'recordings, and pictures, per class (1 to 100000)',
      integerInRange(1, 100_000),
      60,
    )
    .option('--overwrite', 'replace the five class folders in a non-empty --out (other files are kept)')
    .addHelpText(
      'after',
      examples([
        'ifa datasets make-soundscapes --out data/soundscapes',
        'ifa datasets make-soundscapes --out /tmp/tiny --per-class 10 --seed 1 --overwrite',
      ]),
    )
    .action(async (options: Record<string, unknown>) =>
      datasetsMakeSoundscapesCommand(io, {
        out: options.out as string,
        seed: options.seed as number,
        perClass: options.perClass as number,
        overwrite: options.overwrite === true,
      }),
    );

  return program;
}

/**
 * Runs `ifa` with `argv` (without the node/script prefix) and returns the exit code. Expected failures
 * print one line; `--verbose` adds the stack.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const verbose = argv.includes('--verbose');
  const program = buildProgram(io);
  // stderr carries our own lines only, unless --verbose: tfjs's console notes (the "install tfjs-node"
  // banner of the cpu backend) go through its log helpers, which prod mode silences; the native output
  // of the WebGPU probe (Dawn, Vulkan) is shown only with IFA_NATIVE_LOGS, see @ifa/backends.
  tf.env().set('PROD', !verbose);
  const nativeLogs = process.env.IFA_NATIVE_LOGS;
  if (verbose) process.env.IFA_NATIVE_LOGS = '1';
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander already printed its one-line message (or the help/version text).
      return error.exitCode;
    }
    const name = error instanceof Error ? error.name : 'Error';
    if (verbose && error instanceof Error && error.stack) {
      io.stderr(`ifa: ${error.stack}\n`);
      if (error.cause !== undefined)
        io.stderr(`caused by: ${String((error.cause as Error).stack ?? error.cause)}\n`);
    } else {
      io.stderr(`ifa: ${name === 'Error' ? 'error' : name}: ${errorLine(error)} (--verbose for details)\n`);
    }
    return 1;
  } finally {
    if (verbose) {
      if (nativeLogs === undefined) delete process.env.IFA_NATIVE_LOGS;
      else process.env.IFA_NATIVE_LOGS = nativeLogs;
    }
  }
}
