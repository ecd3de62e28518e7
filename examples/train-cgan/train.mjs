// Train the CGAN (ResUNet generator, the best of the four) and watch its losses and samples.
// Data: IFA_DATA_DIR when set (e.g. ../shared/datasets), else the small sample shipped with @ifa/paired-dataset.
// Usage: node examples/train-cgan/train.mjs [epochs]   (after `npm run build`; MAX_BATCHES=1 for a quick try)
import { fileURLToPath } from 'node:url';
import { sampleDataDir } from '@ifa/paired-dataset';
import { train } from '@ifa/train';

const epochs = Number(process.argv[2] ?? 5);
const controller = new AbortController();
process.once('SIGINT', () => controller.abort()); // Ctrl-C: finish the step, checkpoint, exit cleanly

try {
  const result = await train({
    model: 'cgan',
    preset: 'small',
    epochs,
    // MAX_BATCHES=N stops each epoch after N batches: a quick try (CI runs every example this way).
    ...(process.env.MAX_BATCHES && { maxBatchesPerEpoch: Number(process.env.MAX_BATCHES) }),
    dataDir: process.env.IFA_DATA_DIR ?? sampleDataDir(),
    outDir: fileURLToPath(new URL('./runs/cgan', import.meta.url)),
    resume: process.argv.includes('--resume'),
    backend: 'auto',
    signal: controller.signal,
    onMessage: (message) => console.log(message),
    onEpoch: (e) =>
      console.log(
        `epoch ${e.epoch}/${e.epochs}  D ${e.losses.discriminator.toFixed(3)}  G ${e.losses.generator.toFixed(1)}  ` +
          `${e.samplesPerSecond.toFixed(1)} samples/s  -> ${e.samplePath}`,
      ),
  });
  console.log(`${result.status}: ${result.steps} steps; checkpoint ${result.latestCheckpoint}`);
  result.model.dispose();
} catch (error) {
  // @ifa errors carry a stable code (IFA_...) and a message that says what to fix: one line, exit 1.
  if (!String(error?.code).startsWith('IFA_')) throw error;
  console.error(`error: ${error.message}`);
  process.exit(1);
}
