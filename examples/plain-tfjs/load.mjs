// A checkpoint folder holds ordinary tfjs Layers models (<name>/model.json + weights) next to
// ifa-model.json. Any TensorFlow.js program can load them; no @ifa model code is needed for the CGAN
// generator (the WGAN critic also needs @ifa/models' registerCustomLayers() for its instance norm).
// In a browser: tf.loadLayersModel('https://.../generator/model.json'). In Node without tfjs-node, read
// the files and hand them over with tf.io.fromMemory, as below.
// Usage: node examples/plain-tfjs/load.mjs <checkpoint-dir> [file.wav]
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { SpectrogramEncoder } from '@ifa/audio-features';
import { readAudioFile } from '@ifa/audio-features/node';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

const [checkpoint, wavPath] = process.argv.slice(2);
if (!checkpoint) {
  console.error('usage: node load.mjs <checkpoint-dir> [file.wav]');
  process.exit(1);
}

try {
  const manifest = JSON.parse(await readFile(join(checkpoint, 'ifa-model.json'), 'utf8'));
  const modelJsonPath = join(checkpoint, manifest.models.generator ?? manifest.models.decoder);
  const modelJson = JSON.parse(await readFile(modelJsonPath, 'utf8'));
  const weightSpecs = modelJson.weightsManifest.flatMap((group) => group.weights);
  const weightBuffers = await Promise.all(
    modelJson.weightsManifest
      .flatMap((group) => group.paths)
      .map((p) => readFile(join(dirname(modelJsonPath), p))),
  );
  const weightData = new Uint8Array(Buffer.concat(weightBuffers)).buffer;

  await tf.setBackend('cpu');
  const generator = await tfl.loadLayersModel(
    tf.io.fromMemory({ modelTopology: modelJson.modelTopology, weightSpecs, weightData }),
  );
  console.log(`loaded ${manifest.kind} ${Object.keys(manifest.models).join('+')} from ${checkpoint}`);
  generator.summary(100);

  if (wavPath && manifest.kind === 'cgan') {
    // How audio is encoded for the model: the versioned `preprocessing` record of ifa-model.json (version 1:
    // the SpectrogramEncoder config); checkpoints written before it carry the config in metadata.encoder.
    const preprocessing = manifest.preprocessing ?? { version: 1, encoder: manifest.metadata.encoder ?? {} };
    if (preprocessing.version !== 1)
      throw new Error(`preprocessing version ${preprocessing.version} is not known here`);
    const encoder = new SpectrogramEncoder(preprocessing.encoder);
    const spectrogram = encoder.encodeAudio(await readAudioFile(wavPath));
    const input = tf.tensor4d(spectrogram.data, [1, spectrogram.height, spectrogram.width, 1]);
    const output = tf.clipByValue(generator.predict(input), 0, 1);
    const pixels = await output.data();
    // A rough ASCII rendering of the 28 x 28 image.
    for (let y = 0; y < 28; y += 2) {
      let row = '';
      for (let x = 0; x < 28; x++) row += ' .:-=+*#%@'[Math.min(9, Math.floor(pixels[y * 28 + x] * 10))];
      console.log(row);
    }
    tf.dispose([input, output]);
  }
} catch (error) {
  // @ifa errors carry a stable code (IFA_...) and a message that says what to fix: one line, exit 1.
  if (!String(error?.code).startsWith('IFA_')) throw error;
  console.error(`error: ${error.message}`);
  process.exit(1);
}
