import { readdir, stat } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DecodedAudio } from '@ifa/audio-features';
import { readAudioFile } from '@ifa/audio-features/node';
import type { BackendPreference } from '@ifa/backends';
import { createRng, InvalidOptionError } from '@ifa/core';
import { atomicWriteFile } from '@ifa/core/node';
import {
  type HeardCondition,
  loadPainter,
  type Painter,
  type PainterImage,
  type VoiceProfile,
} from '@ifa/painter';
import { PRETRAINED_MODELS, type PretrainedModel } from '@ifa/pretrained-digits';
import { findModelFolder, type GridImage, renderImagePng } from '@ifa/train';
import type { CliIo } from '../io';
import { existingFile, outputDir, outputFile, writingTo } from './files';

/**
 * Bounds of `ifa generate`, stated in its --help and the README. Images are generated `BATCH` at a time
 * (memory stays flat whatever the count) and laid out `COLUMNS` to a row.
 */
export const GENERATE_LIMITS = {
  maxCount: 256,
  maxScale: 32,
  /** Widest and tallest PNG written, in pixels. */
  maxSide: 4096,
  columns: 16,
  batch: 32,
} as const;

export interface GenerateCommandOptions {
  model: string;
  audio: string;
  out: string;
  count: number;
  seed: number;
  scale: number;
  /** Recordings of the speaker (a WAV file or a folder), for models trained with speaker normalisation. */
  voice?: string;
  /** What models that hear the digit draw from (default `'probabilities'`); the CGAN ignores it. */
  heard?: HeardCondition;
  backend: BackendPreference;
}

function checkLayout(count: number, scale: number, imageSize: number): { rows: number; columns: number } {
  const { maxCount, maxScale, maxSide, columns: perRow } = GENERATE_LIMITS;
  if (!Number.isSafeInteger(count) || count < 1 || count > maxCount)
    throw new InvalidOptionError({
      option: '--count',
      value: count,
      expected: `an integer from 1 to ${maxCount}`,
    });
  if (!Number.isSafeInteger(scale) || scale < 1 || scale > maxScale)
    throw new InvalidOptionError({
      option: '--scale',
      value: scale,
      expected: `an integer from 1 to ${maxScale}`,
    });
  const columns = Math.min(count, perRow);
  const rows = Math.ceil(count / perRow);
  const width = columns * imageSize * scale;
  const height = rows * imageSize * scale;
  if (Math.max(width, height) > maxSide) {
    const fitting = Math.max(1, Math.floor(maxSide / (Math.max(columns, rows) * imageSize)));
    throw new InvalidOptionError(
      {
        option: '--scale',
        value: scale,
        expected: `at most ${fitting} for ${count} image(s) of ${imageSize} px`,
      },
      { hint: `The PNG would be ${width} x ${height} pixels; the limit is ${maxSide} per side.` },
    );
  }
  return { rows, columns };
}

/** Names `--model` accepts besides a folder: the models shipped in @ifa/pretrained-digits. */
export const PRETRAINED_NAMES = Object.keys(PRETRAINED_MODELS);

/**
 * `--model`: an existing model or run folder, else the name of a pretrained model (no download: its
 * files ship inside @ifa/pretrained-digits). A folder of that name wins over the pretrained model.
 */
async function resolveModel(
  io: CliIo,
  given: string,
): Promise<{ source: string | PretrainedModel; shown: string }> {
  const pretrained = PRETRAINED_MODELS[given];
  const exists = await stat(resolve(io.cwd, given)).then(
    () => true,
    () => false,
  );
  if (pretrained && !exists) {
    return {
      source: pretrained,
      shown: `the pretrained ${given} model (${fileURLToPath(pretrained.folder)})`,
    };
  }
  try {
    const { modelDir } = await findModelFolder(given, { option: '--model', cwd: io.cwd });
    return { source: modelDir, shown: modelDir };
  } catch (error) {
    if (!InvalidOptionError.isInstance(error)) throw error;
    throw new InvalidOptionError({
      option: '--model',
      value: given,
      expected:
        'a model folder containing ifa-model.json, a run folder with checkpoints/latest, or a pretrained ' +
        `model name (${PRETRAINED_NAMES.join(', ')})`,
    });
  }
}

/** `--audio` (or `--voice`): one WAV file, or a folder whose `.wav` files (not its sub-folders) are all read. */
async function resolveAudio(
  io: CliIo,
  given: string,
  option = '--audio',
): Promise<{ files: string[]; folder: boolean }> {
  const absolute = resolve(io.cwd, given);
  const info = await stat(absolute).catch(() => null);
  if (!info?.isDirectory()) return { files: [await existingFile(io, option, given)], folder: false };
  const files = (await readdir(absolute, { withFileTypes: true }))
    .filter((entry) => entry.isFile() && extname(entry.name).toLowerCase() === '.wav')
    .map((entry) => join(absolute, entry.name))
    .sort();
  if (files.length === 0) {
    throw new InvalidOptionError({
      option,
      value: given,
      expected: 'a WAV file, or a folder holding .wav files',
    });
  }
  return { files, folder: true };
}

/** The `count` images of one recording, `GENERATE_LIMITS.batch` at a time, as one grid PNG. */
async function drawGrid(
  painter: Painter,
  audio: DecodedAudio,
  options: {
    count: number;
    seed: number;
    scale: number;
    voice: VoiceProfile | undefined;
    heard?: HeardCondition | undefined;
  },
  layout: { rows: number; columns: number },
): Promise<Uint8Array> {
  const spectrogram = painter.encoder.encodeAudio(audio);
  const n = options.count;
  // Batches keep memory flat; the first uses --seed itself (so small counts match earlier releases),
  // later ones seeds drawn from it.
  const seeds = createRng(options.seed);
  const images = [];
  for (let start = 0; start < n; start += GENERATE_LIMITS.batch) {
    const size = Math.min(GENERATE_LIMITS.batch, n - start);
    const seed = start === 0 ? options.seed : seeds.int(2 ** 31);
    const [group] = await painter.fromSpectrograms([spectrogram], {
      count: size,
      seed,
      ...(options.voice !== undefined && { voice: options.voice }),
      ...(options.heard !== undefined && { heard: options.heard }),
    });
    images.push(...group!);
  }
  return renderImagePng(tileImages(images, layout.columns), options.scale);
}

/**
 * Lays same-sized painter images out `columns` to a row (left to right, then down) as one picture with
 * their channels (grey or RGB); cells past the last image stay black.
 */
export function tileImages(images: readonly PainterImage[], columns: number): GridImage {
  const { width: w, height: h, channels: c } = images[0]!;
  if (c !== 1 && c !== 3) {
    throw new InvalidOptionError({ option: 'image.channels', value: c, expected: '1 (grey) or 3 (RGB)' });
  }
  const rows = Math.ceil(images.length / columns);
  // Grid of `columns` images per row: column x of image i lands at grid column (i % columns) * w + x.
  const gridWidth = columns * w;
  const grid = new Float32Array(rows * h * gridWidth * c);
  images.forEach((image, i) => {
    const x0 = (i % columns) * w;
    const y0 = Math.floor(i / columns) * h;
    for (let y = 0; y < h; y++) {
      grid.set(image.data.subarray(y * w * c, (y + 1) * w * c), ((y0 + y) * gridWidth + x0) * c);
    }
  });
  return { pixels: grid, height: rows * h, width: gridWidth, channels: c };
}

export async function generateCommand(io: CliIo, options: GenerateCommandOptions): Promise<void> {
  // Everything the user typed is checked before the model is loaded or anything is computed.
  checkLayout(options.count, options.scale, 1);
  const model = await resolveModel(io, options.model);
  const audio = await resolveAudio(io, options.audio);
  const voiceFiles = options.voice === undefined ? null : await resolveAudio(io, options.voice, '--voice');
  // One recording: --out is the PNG. A folder of recordings: --out is a folder, one PNG per recording.
  const out = audio.folder
    ? await outputDir(io, '--out', options.out)
    : await outputFile(io, '--out', options.out);
  const painter = await loadPainter(model.source, {
    backend: options.backend,
    log: (m) => io.stderr(`${m}\n`),
    // Models saved without any preprocessing record get the encoder defaults, with a note (below).
    preprocessing: { encoder: {} },
  });
  try {
    if (painter.model.preprocessing === null) {
      io.stderr('[ifa] note: the model has no saved encoder config; using the SpectrogramEncoder defaults\n');
    }
    let voice: VoiceProfile | undefined;
    if (painter.preprocessing.speakerNormalisation === undefined) {
      if (voiceFiles !== null)
        io.stderr('[ifa] note: --voice is ignored: this model was not trained with speaker normalisation\n');
    } else if (voiceFiles === null) {
      io.stderr(
        '[ifa] note: this model expects each voice normalised; without --voice each recording is normalised ' +
          'by itself (give --voice a few recordings of the speaker for better pictures)\n',
      );
    } else {
      voice = painter.voiceProfile(await Promise.all(voiceFiles.files.map((file) => readAudioFile(file))));
      io.stderr(
        `[ifa] voice: ${voiceFiles.files.length} recording${voiceFiles.files.length === 1 ? '' : 's'} from ${options.voice}\n`,
      );
    }
    const hearsTheDigit = (painter.model.config as { conditioning?: string }).conditioning === 'class';
    if (options.heard === 'most-likely' && !hearsTheDigit)
      io.stderr(
        `[ifa] note: --heard is ignored: this ${painter.model.kind} draws from the spectrogram, not from a heard digit\n`,
      );
    const drawing = { ...options, voice };
    const layout = checkLayout(options.count, options.scale, painter.imageShape.width);
    const n = options.count;
    const what = `${n} image${n === 1 ? '' : 's'}`;
    if (!audio.folder) {
      const png = await drawGrid(painter, await readAudioFile(audio.files[0]!), drawing, layout);
      await writingTo('--out', options.out, () => atomicWriteFile(out, png));
      io.stdout(`wrote ${out} (${what} from ${painter.model.kind} at ${model.shown})\n`);
      return;
    }
    for (const file of audio.files) {
      const target = join(out, `${basename(file, extname(file))}.png`);
      const png = await drawGrid(painter, await readAudioFile(file), drawing, layout);
      await writingTo('--out', options.out, () => atomicWriteFile(target, png));
    }
    io.stdout(
      `wrote ${audio.files.length} PNG${audio.files.length === 1 ? '' : 's'} to ${out} (${what} per recording from ` +
        `${painter.model.kind} at ${model.shown})\n`,
    );
  } finally {
    painter.dispose();
  }
}
