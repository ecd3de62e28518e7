import { appendFile, mkdir, readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { InvalidOptionError } from '@ifa/core';
import { MANIFEST_FILE } from '@ifa/models/internal';

/**
 * Appends one JSON object as a line. A single `appendFile` of a whole line is one write(2) for lines of
 * this size, so a crash leaves at most a truncated last line, which {@link readJsonLines} skips.
 */
export async function appendJsonLine(path: string, value: unknown): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await appendFile(path, `${JSON.stringify(value)}\n`);
}

/** Reads a JSON-lines file, skipping a torn final line left by a crash. */
export async function readJsonLines<T = unknown>(path: string): Promise<T[]> {
  const text = await readFile(path, 'utf8');
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  const rows: T[] = [];
  lines.forEach((line, index) => {
    try {
      rows.push(JSON.parse(line) as T);
    } catch (error) {
      if (index !== lines.length - 1) throw error;
    }
  });
  return rows;
}

/** Name of the file recording which image pools a run paired with. */
export const IMAGE_POOLS_FILE = 'image-pools.json';

/** The fixed layout of a training run folder. */
export interface RunPaths {
  root: string;
  runJson: string;
  /** Which image pools the run paired with (`image-pools.json`), read back by evaluation. */
  imagePools: string;
  metrics: string;
  lossChart: string;
  checkpoints: string;
  latest: string;
  samples: string;
  checkpoint(epoch: number): string;
  sample(epoch: number): string;
}

export function pad3(n: number): string {
  return String(n).padStart(3, '0');
}

export function runPaths(root: string): RunPaths {
  const checkpoints = join(root, 'checkpoints');
  const samples = join(root, 'samples');
  return {
    root,
    runJson: join(root, 'run.json'),
    imagePools: join(root, IMAGE_POOLS_FILE),
    metrics: join(root, 'metrics.jsonl'),
    lossChart: join(root, 'losses.png'),
    checkpoints,
    latest: join(checkpoints, 'latest'),
    samples,
    checkpoint: (epoch) => join(checkpoints, `epoch-${pad3(epoch)}`),
    sample: (epoch) => join(samples, `epoch-${pad3(epoch)}.png`),
  };
}

/** Where a model lives, found from a path the user gave. */
export interface ModelFolderLocation {
  /** The folder holding `ifa-model.json`. */
  modelDir: string;
  /** The run folder it belongs to (one with run.json), or null for a bare model folder. */
  runDir: string | null;
}

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isFile() ?? false;
}

/**
 * Accepts a model folder (a checkpoint included) or a run folder (then its `checkpoints/latest`), the
 * forms `ifa generate --model` and `ifa evaluate --run` take (relative to `cwd`). Throws an
 * {@link InvalidOptionError} naming `option` and the path as given when neither holds a model.
 */
export async function findModelFolder(
  given: string,
  options: { option?: string; cwd?: string } = {},
): Promise<ModelFolderLocation> {
  const option = options.option ?? 'model';
  const dir = resolve(options.cwd ?? process.cwd(), given);
  const paths = runPaths(dir);
  const isRun = await isFile(paths.runJson);
  if (await isFile(join(dir, MANIFEST_FILE))) return { modelDir: dir, runDir: isRun ? dir : null };
  if (await isFile(join(paths.latest, MANIFEST_FILE))) return { modelDir: paths.latest, runDir: dir };
  throw new InvalidOptionError({
    option,
    value: given,
    expected: `a model folder containing ${MANIFEST_FILE}, or a run folder with checkpoints/latest`,
  });
}
