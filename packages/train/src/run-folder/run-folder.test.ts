import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidOptionError } from '@ifa/core';
import { describe, expect, it } from 'vitest';
import { appendJsonLine, findModelFolder, readJsonLines, runPaths } from './index';

describe('run folder utilities', () => {
  it('readJsonLines tolerates only a torn last line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ifa-run-'));
    const path = join(dir, 'metrics.jsonl');
    await appendJsonLine(path, { step: 1 });
    await appendJsonLine(path, { step: 2 });
    await writeFile(path, `${await readFile(path, 'utf8')}{"step":`);
    expect(await readJsonLines(path)).toEqual([{ step: 1 }, { step: 2 }]);
    await writeFile(path, '{"a":\n{"b":1}\n');
    await expect(readJsonLines(path)).rejects.toThrow();
  });

  it('names checkpoints and samples with three-digit epochs', () => {
    const paths = runPaths('/r');
    expect(paths.checkpoint(7)).toBe(join('/r', 'checkpoints', 'epoch-007'));
    expect(paths.sample(12)).toBe(join('/r', 'samples', 'epoch-012.png'));
  });

  it('findModelFolder takes a model folder or a run folder, and names the option when it is neither', async () => {
    const run = await mkdtemp(join(tmpdir(), 'ifa-run-'));
    const paths = runPaths(run);
    await mkdir(paths.latest, { recursive: true });
    await writeFile(join(paths.latest, 'ifa-model.json'), '{}');
    await writeFile(paths.runJson, '{}');
    expect(await findModelFolder(run)).toEqual({ modelDir: paths.latest, runDir: run });
    expect(await findModelFolder(paths.latest)).toEqual({ modelDir: paths.latest, runDir: null });
    const error = await findModelFolder('checkpoints', { option: '--model', cwd: run }).catch(
      (e: unknown) => e,
    );
    expect(InvalidOptionError.isInstance(error)).toBe(true);
    expect((error as InvalidOptionError).option).toBe('--model');
  });
});
