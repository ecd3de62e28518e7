import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendJsonLine, atomicWriteDir, atomicWriteFile, readJsonLines, runPaths } from './index';

describe('run folder utilities', () => {
  it('atomicWriteFile replaces content and leaves no temp files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ifa-run-'));
    const path = join(dir, 'a', 'run.json');
    await atomicWriteFile(path, 'one');
    await atomicWriteFile(path, 'two');
    expect(await readFile(path, 'utf8')).toBe('two');
    expect(await readdir(join(dir, 'a'))).toEqual(['run.json']);
  });

  it('atomicWriteDir swaps a whole folder and keeps the old one when filling fails', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ifa-run-'));
    const target = join(dir, 'latest');
    await atomicWriteDir(target, (temp) => writeFile(join(temp, 'x'), '1'));
    await atomicWriteDir(target, (temp) => writeFile(join(temp, 'y'), '2'));
    expect(await readdir(target)).toEqual(['y']);
    await expect(
      atomicWriteDir(target, async () => {
        throw new Error('disk full');
      }),
    ).rejects.toThrow('disk full');
    expect(await readdir(target)).toEqual(['y']);
    expect(await readdir(dir)).toEqual(['latest']);
  });

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
});
