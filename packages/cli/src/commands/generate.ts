import { SpectrogramEncoder, type SpectrogramEncoderConfig } from '@ifa/audio-features';
import { readAudioFile } from '@ifa/audio-features/node';
import { type BackendPreference, selectBackend } from '@ifa/backends';
import { createRng, InvalidOptionError } from '@ifa/core';
import { atomicWriteFile } from '@ifa/core/node';
import { loadModel } from '@ifa/models';
import { findModelFolder, renderImagePng } from '@ifa/train';
import * as tf from '@tensorflow/tfjs-core';
import type { CliIo } from '../io';
import { existingFile, outputFile, writingTo } from './files';

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

export async function generateCommand(io: CliIo, options: GenerateCommandOptions): Promise<void> {
  // Everything the user typed is checked before the model is loaded or anything is computed.
  checkLayout(options.count, options.scale, 1);
  const { modelDir } = await findModelFolder(options.model, { option: '--model', cwd: io.cwd });
  const audioPath = await existingFile(io, '--audio', options.audio);
  const out = await outputFile(io, '--out', options.out);
  const audio = await readAudioFile(audioPath);
  await selectBackend({ prefer: options.backend, purpose: 'inference', log: (m) => io.stderr(`${m}\n`) });
  const model = await loadModel(modelDir);
  try {
    const imageSize = (model.config as { imageSize?: number }).imageSize ?? 28;
    const { rows, columns } = checkLayout(options.count, options.scale, imageSize);
    const encoderConfig = (model.metadata as { encoder?: Partial<SpectrogramEncoderConfig> }).encoder;
    if (!encoderConfig) {
      io.stderr('[ifa] note: the model has no saved encoder config; using the SpectrogramEncoder defaults\n');
    }
    const spectrogram = new SpectrogramEncoder(encoderConfig ?? {}).encodeAudio(audio);
    const { height, width, data } = spectrogram;
    const n = options.count;
    // Batches keep memory flat; the first uses --seed itself (so small counts match earlier releases),
    // later ones seeds drawn from it.
    const seeds = createRng(options.seed);
    const parts: Float32Array[] = [];
    let h = imageSize;
    let w = imageSize;
    for (let start = 0; start < n; start += GENERATE_LIMITS.batch) {
      const size = Math.min(GENERATE_LIMITS.batch, n - start);
      const seed = start === 0 ? options.seed : seeds.int(2 ** 31);
      const input = tf.tidy(() =>
        tf.tile(tf.tensor4d(data, [1, height, width, 1]), [size, 1, 1, 1]),
      ) as tf.Tensor4D;
      const images = model.generate(input, { seed });
      input.dispose();
      [, h, w] = images.shape;
      parts.push(await images.data<'float32'>());
      images.dispose();
    }
    // Grid of `columns` images per row: column c of image i lands at x = (i % columns) * w + c.
    const gridWidth = columns * w;
    const grid = new Float32Array(rows * h * gridWidth);
    for (let i = 0; i < n; i++) {
      const part = parts[Math.floor(i / GENERATE_LIMITS.batch)]!;
      const offset = (i % GENERATE_LIMITS.batch) * h * w;
      const x0 = (i % columns) * w;
      const y0 = Math.floor(i / columns) * h;
      for (let y = 0; y < h; y++) {
        grid.set(part.subarray(offset + y * w, offset + (y + 1) * w), (y0 + y) * gridWidth + x0);
      }
    }
    const png = renderImagePng({ pixels: grid, height: rows * h, width: gridWidth }, options.scale);
    await writingTo('--out', options.out, () => atomicWriteFile(out, png));
    io.stdout(`wrote ${out} (${n} image${n === 1 ? '' : 's'} from ${model.kind} at ${modelDir})\n`);
  } finally {
    model.dispose();
  }
}
