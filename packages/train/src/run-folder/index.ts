import { randomBytes } from 'node:crypto';
import { appendFile, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

function tempSibling(path: string): string {
  return `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
}

/** Writes a file so readers only ever see the old or the complete new content (temp file + rename). */
export async function atomicWriteFile(path: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = tempSibling(path);
  try {
    await writeFile(temp, data);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

export async function atomicWriteJson(path: string, value: unknown): Promise<void> {
  await atomicWriteFile(path, `${JSON.stringify(value, null, 2)}\n`);
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Fills a folder through `fill(tempDir)` and then swaps it into place. An existing folder is moved aside
 * first and removed only after the new one is in place, so a crash leaves either version whole.
 */
export async function atomicWriteDir(path: string, fill: (tempDir: string) => Promise<void>): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = tempSibling(path);
  try {
    await mkdir(temp, { recursive: true });
    await fill(temp);
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw error;
  }
  const old = `${path}.old-${process.pid}-${randomBytes(4).toString('hex')}`;
  const hadOld = await exists(path);
  if (hadOld) await rename(path, old);
  await rename(temp, path);
  if (hadOld) await rm(old, { recursive: true, force: true });
}

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

/** The fixed layout of a training run folder. */
export interface RunPaths {
  root: string;
  runJson: string;
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
    metrics: join(root, 'metrics.jsonl'),
    lossChart: join(root, 'losses.png'),
    checkpoints,
    latest: join(checkpoints, 'latest'),
    samples,
    checkpoint: (epoch) => join(checkpoints, `epoch-${pad3(epoch)}`),
    sample: (epoch) => join(samples, `epoch-${pad3(epoch)}.png`),
  };
}
