// Draw an image for a recording with a trained model: one call, using the preprocessing saved with it.
// Usage: node examples/generate-from-wav/generate.mjs <model-dir|digits> <file.wav> [out.png]
//   <model-dir>: a checkpoint, e.g. examples/train-cgan/runs/cgan/checkpoints/latest
//   digits:      the pretrained model shipped in @ifa/pretrained-digits (no training, no download)
// The `ifa generate` command does the same: ifa generate --model <model-dir|digits> --audio <file.wav>

import { readFile, writeFile } from 'node:fs/promises';
import { loadPainter, toPng } from '@ifa/painter/node';
import { pretrainedDigits } from '@ifa/pretrained-digits';

const [model, wavPath, outPath = 'generated.png'] = process.argv.slice(2);
if (!model || !wavPath) {
  console.error('usage: node generate.mjs <model-dir|digits> <file.wav> [out.png]');
  process.exit(1);
}

try {
  // loadPainter picks a backend (tfjs-node if installed, else WASM), loads the weights and the
  // preprocessing stored beside them (ifa-model.json), so the features always match the training.
  const painter = await loadPainter(model === 'digits' ? pretrainedDigits : model);
  const image = await painter.fromWav(await readFile(wavPath)); // { width, height, channels, data }
  await writeFile(outPath, toPng(image));
  console.log(
    `wrote ${outPath} (${painter.model.kind} on ${painter.backend}, ${image.width} x ${image.height})`,
  );
  painter.dispose();
} catch (error) {
  // @ifa errors carry a stable code (IFA_...) and a message that says what to fix: one line, exit 1.
  if (!String(error?.code).startsWith('IFA_')) throw error;
  console.error(`error: ${error.message}`);
  process.exit(1);
}
