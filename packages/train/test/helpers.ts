import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { selectBackend } from '@ifa/backends';
import type { IfaModel } from '@ifa/models';
import { type DigitPairs, loadDigitPairs, PairedDataset, sampleDataDir } from '@ifa/paired-dataset';

/** The wasm backend with the training kernels: the tfjs `cpu` backend's filter gradient is ~50x slower. */
export async function useTestBackend(): Promise<void> {
  await selectBackend({ prefer: 'wasm', log: null });
}

let cached: Promise<DigitPairs> | null = null;
/** The shipped sample (20 train / 10 test recordings), loaded once per test file. */
export function samplePairs(): Promise<DigitPairs> {
  cached ??= loadDigitPairs({ dir: sampleDataDir(), seed: 0 });
  return cached;
}

export function tempDir(prefix = 'ifa-train-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/** Every weight of every sub-model, flattened in a stable order. */
export async function allWeights(model: IfaModel): Promise<Float32Array[]> {
  const out: Float32Array[] = [];
  for (const name of Object.keys(model.models).sort()) {
    for (const w of model.models[name]!.getWeights()) out.push(new Float32Array(await w.data()));
  }
  return out;
}

/** A copy of `pairs` whose training spectrograms turn to NaN from epoch `fromEpoch` (0-based) on. */
export function poisonFromEpoch(pairs: DigitPairs, fromEpoch: number): DigitPairs {
  const poisoned = new (class extends PairedDataset {
    override *batches(options: Parameters<PairedDataset['batches']>[0] = {}) {
      for (const batch of super.batches(options)) {
        if ((options.epoch ?? 0) >= fromEpoch) batch.audio.fill(Number.NaN);
        yield batch;
      }
    }
  })({ audio: pairs.train.audio, images: pairs.train.images, pairing: pairs.train.pairing });
  return { ...pairs, train: poisoned };
}
