// Any sound to any picture, with nothing to download: synthesise a "soundscapes" pairs folder (surf,
// campfire, birdsong, rain and traffic sounds, each class paired with drawn 64x64 colour scenes), train the
// class-conditioned CVAE on it, then paint a picture for a surf recording it never trained on.
// The same steps on the command line: `ifa datasets make-soundscapes --out DIR`, `ifa train --pairs DIR`,
// `ifa generate`, `ifa evaluate` (see the README, "Your own sounds and pictures").
// Usage: node examples/soundscapes/soundscapes.mjs [epochs] [out.png]
//   (after `npm run build`; MAX_BATCHES=1 for a quick try)
import { readFile, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { loadPainter, toPng } from '@ifa/painter/node';
import { makeSoundscapes } from '@ifa/paired-dataset';
import { train } from '@ifa/train';

const epochs = Number(process.argv[2] ?? 20);
const outPng = process.argv[3] ?? 'beach.png';
const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const pairsDir = here('./runs/soundscapes');
const runDir = here('./runs/cvae');

try {
  // 1. A pairs folder: audio/<class>/*.wav and images/<class>/*.png, 60 of each per class, seeded.
  await rm(pairsDir, { recursive: true, force: true });
  const set = await makeSoundscapes({ outDir: pairsDir, seed: 0 });
  console.log(`wrote ${set.audioFiles} recordings and ${set.imageFiles} pictures: ${set.classes.join(', ')}`);

  // 2. Train on it. The model takes its shape from the folder: 64x64 spectrograms of 1 s windows in,
  //    64x64 RGB pictures out, one class per folder name.
  const result = await train({
    model: 'cvae',
    pairsDir,
    epochs,
    ...(process.env.MAX_BATCHES && { maxBatchesPerEpoch: Number(process.env.MAX_BATCHES) }),
    outDir: runDir,
    overwrite: true,
    backend: 'auto',
    onMessage: (message) => console.log(message),
    onEpoch: (e) =>
      console.log(`epoch ${e.epoch}/${e.epochs}  loss ${e.losses.vae.toFixed(1)}  -> ${e.samplePath}`),
  });
  result.model.dispose();

  // 3. Paint: the checkpoint carries its encoder settings, so a WAV goes straight in.
  const painter = await loadPainter(result.latestCheckpoint);
  const run = JSON.parse(await readFile(`${runDir}/run.json`, 'utf8'));
  console.log(`classes: ${run.data.classes.join(', ')}`);
  // A surf recording from another seed: a sound the model has never heard.
  const unheard = here('./runs/unheard');
  await makeSoundscapes({
    outDir: unheard,
    seed: 12345,
    recordingsPerClass: 1,
    imagesPerClass: 1,
    overwrite: true,
  });
  const surf = await readFile(`${unheard}/audio/beach/beach-000.wav`);
  await writeFile(outPng, toPng(await painter.fromWav(surf)));
  painter.dispose();
  console.log(`painted ${outPng} from a surf recording the model never heard`);
} catch (error) {
  // @ifa errors carry a stable code (IFA_...) and a message that says what to fix: one line, exit 1.
  if (!String(error?.code).startsWith('IFA_')) throw error;
  console.error(`error: ${error.message}`);
  process.exit(1);
}
