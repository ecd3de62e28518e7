// Draw an image for a recording with a trained model, using the spectrogram settings saved with it.
// Usage: node examples/generate-from-wav/generate.mjs <model-dir> <file.wav> [out.png]
//   <model-dir>: a checkpoint, e.g. examples/train-cgan/runs/cgan/checkpoints/latest
// The `ifa generate` command does the same: ifa generate --model <model-dir> --audio <file.wav>

import { writeFile } from 'node:fs/promises';
import { SpectrogramEncoder } from '@ifa/audio-features';
import { encodeSpectrogramPng, readAudioFile } from '@ifa/audio-features/node';
import { selectBackend } from '@ifa/backends';
import { loadModel } from '@ifa/models';
import * as tf from '@tensorflow/tfjs-core';

const [modelDir, wavPath, outPath = 'generated.png'] = process.argv.slice(2);
if (!modelDir || !wavPath) {
  console.error('usage: node generate.mjs <model-dir> <file.wav> [out.png]');
  process.exit(1);
}

try {
  await selectBackend({ prefer: 'auto', purpose: 'inference' });
  const model = await loadModel(modelDir);
  // The encoder config the model was trained with travels in its ifa-model.json, so features always match.
  const encoder = new SpectrogramEncoder(model.metadata.encoder ?? {});
  const spectrogram = encoder.encodeAudio(await readAudioFile(wavPath));

  const audio = tf.tensor4d(spectrogram.data, [1, spectrogram.height, spectrogram.width, 1]);
  const image = model.generate(audio, { seed: 0 });
  const [, height, width] = image.shape;
  const pixels = await image.data(); // async read: never stalls a GPU backend
  tf.dispose([audio, image]);
  model.dispose();

  // Inference needs none of @ifa/train: a grey image is written with the encoder's own PNG helper.
  await writeFile(outPath, encodeSpectrogramPng({ data: pixels, height, width }));
  console.log(`wrote ${outPath} (${model.kind}, ${width} x ${height})`);
} catch (error) {
  // @ifa errors carry a stable code (IFA_...) and a message that says what to fix: one line, exit 1.
  if (!String(error?.code).startsWith('IFA_')) throw error;
  console.error(`error: ${error.message}`);
  process.exit(1);
}
