import { resolve } from 'node:path';
import { SpectrogramEncoder, type SpectrogramEncoderConfig } from '@ifa/audio-features';
import { readAudioFile } from '@ifa/audio-features/node';
import { type BackendPreference, selectBackend } from '@ifa/backends';
import { atomicWriteFile } from '@ifa/core/node';
import { loadModel } from '@ifa/models';
import { findModelFolder, renderImagePng } from '@ifa/train';
import * as tf from '@tensorflow/tfjs-core';
import type { CliIo } from '../io';
import { existingFile } from './files';

export interface GenerateCommandOptions {
  model: string;
  audio: string;
  out: string;
  count: number;
  seed: number;
  scale: number;
  backend: BackendPreference;
}

export async function generateCommand(io: CliIo, options: GenerateCommandOptions): Promise<void> {
  const { modelDir } = await findModelFolder(options.model, { option: '--model', cwd: io.cwd });
  const audioPath = await existingFile(io, '--audio', options.audio);
  const audio = await readAudioFile(audioPath);
  await selectBackend({ prefer: options.backend, purpose: 'inference', log: (m) => io.stderr(`${m}\n`) });
  const model = await loadModel(modelDir);
  try {
    const encoderConfig = (model.metadata as { encoder?: Partial<SpectrogramEncoderConfig> }).encoder;
    if (!encoderConfig) {
      io.stderr('[ifa] note: the model has no saved encoder config; using the SpectrogramEncoder defaults\n');
    }
    const spectrogram = new SpectrogramEncoder(encoderConfig ?? {}).encodeAudio(audio);
    const { height, width, data } = spectrogram;
    const input = tf.tidy(() =>
      tf.tile(tf.tensor4d(data, [1, height, width, 1]), [options.count, 1, 1, 1]),
    ) as tf.Tensor4D;
    const images = model.generate(input, { seed: options.seed });
    input.dispose();
    const [n, h, w] = images.shape;
    const pixels = await images.data<'float32'>();
    images.dispose();
    // Lay the images out in one row: column c of image i lands at x = i * w + c.
    const strip = new Float32Array(h * w * n);
    for (let i = 0; i < n; i++) {
      for (let y = 0; y < h; y++) {
        strip.set(pixels.subarray(i * h * w + y * w, i * h * w + (y + 1) * w), y * w * n + i * w);
      }
    }
    const out = resolve(io.cwd, options.out);
    await atomicWriteFile(out, renderImagePng({ pixels: strip, height: h, width: w * n }, options.scale));
    io.stdout(`wrote ${out} (${n} image${n === 1 ? '' : 's'} from ${model.kind} at ${modelDir})\n`);
  } finally {
    model.dispose();
  }
}
