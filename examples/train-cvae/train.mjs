// Train the CVAE's recommended recipe: an audio classifier hears the digit, a conditional VAE draws it in a
// new hand on every draw (the README's table: 60 epochs on the full data). PRESET=small trains the
// original recipe (audio latent only, the class average) instead.
// Data: IFA_DATA_DIR when set, else the sample shipped with @ifa/paired-dataset.
// Usage: node examples/train-cvae/train.mjs [epochs]   (after `npm run build`; MAX_BATCHES=1 for a quick try)
import { fileURLToPath } from 'node:url';
import { sampleDataDir } from '@ifa/paired-dataset';
import { train } from '@ifa/train';

const epochs = Number(process.argv[2] ?? 5);
const controller = new AbortController();
process.once('SIGINT', () => controller.abort());

try {
  const result = await train({
    model: 'cvae',
    preset: process.env.PRESET ?? 'recommended',
    epochs,
    // MAX_BATCHES=N stops each epoch after N batches: a quick try (CI runs every example this way).
    ...(process.env.MAX_BATCHES && { maxBatchesPerEpoch: Number(process.env.MAX_BATCHES) }),
    dataDir: process.env.IFA_DATA_DIR ?? sampleDataDir(),
    outDir: fileURLToPath(new URL('./runs/cvae', import.meta.url)),
    resume: process.argv.includes('--resume'),
    backend: 'auto',
    signal: controller.signal,
    onMessage: (message) => console.log(message),
    onEpoch: (e) =>
      console.log(`epoch ${e.epoch}/${e.epochs}  loss ${e.losses.vae.toFixed(2)}  -> ${e.samplePath}`),
  });
  console.log(`${result.status}: ${result.steps} steps; checkpoint ${result.latestCheckpoint}`);
  result.model.dispose();
} catch (error) {
  // @ifa errors carry a stable code (IFA_...) and a message that says what to fix: one line, exit 1.
  if (!String(error?.code).startsWith('IFA_')) throw error;
  console.error(`error: ${error.message}`);
  process.exit(1);
}
