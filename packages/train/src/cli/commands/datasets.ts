import { resolve } from 'node:path';
import * as pairedDataset from '@ifa/paired-dataset';
import { IfaTrainError } from '../../errors';
import type { CliIo } from '../io';

function dataDir(io: CliIo, given: string | undefined): string {
  return given !== undefined
    ? resolve(io.cwd, given)
    : pairedDataset.resolveDataDir({ argv: [], env: io.env });
}

type DatasetFunction = (...args: unknown[]) => Promise<unknown>;

// download/verify land in @ifa/paired-dataset separately; look them up so this command fails in one clear
// line (instead of not building) while they are missing.
function datasetFunction(name: 'downloadDatasets' | 'verifyDatasets'): DatasetFunction {
  const fn = (pairedDataset as unknown as Record<string, unknown>)[name];
  if (typeof fn !== 'function') {
    throw new IfaTrainError(
      `this build of @ifa/paired-dataset has no ${name}(); update @ifa/paired-dataset.`,
    );
  }
  return fn as DatasetFunction;
}

export async function datasetsDownloadCommand(io: CliIo, options: { dataDir?: string }): Promise<void> {
  const dir = dataDir(io, options.dataDir);
  io.stderr(`[ifa] downloading MNIST and FSDD into ${dir}\n`);
  await datasetFunction('downloadDatasets')({
    cacheDir: dir,
    onProgress: (progress: unknown) => {
      if (io.interactive) io.stderr(`\r${JSON.stringify(progress).slice(0, 100)}`);
    },
  });
  io.stdout(`datasets ready in ${dir}\n`);
}

export async function datasetsVerifyCommand(io: CliIo, options: { dataDir?: string }): Promise<void> {
  const dir = dataDir(io, options.dataDir);
  const report = await datasetFunction('verifyDatasets')(dir);
  io.stdout(`${JSON.stringify(report, null, 2)}\n`);
}
