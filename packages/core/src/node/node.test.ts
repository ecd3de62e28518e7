import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { atomicWriteDir, atomicWriteFile, atomicWriteJson, pathExists } from './index';

describe('atomic writes', () => {
  it('writes files and JSON, creating folders, leaving no temporary files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ifa-core-'));
    await atomicWriteFile(join(dir, 'a', 'b.txt'), 'hello');
    await atomicWriteJson(join(dir, 'a', 'c.json'), { x: 1 });
    expect(await readFile(join(dir, 'a', 'b.txt'), 'utf8')).toBe('hello');
    expect(JSON.parse(await readFile(join(dir, 'a', 'c.json'), 'utf8'))).toEqual({ x: 1 });
    expect((await readdir(join(dir, 'a'))).sort()).toEqual(['b.txt', 'c.json']);
  });

  it('replaces a folder whole, and keeps the old one when filling fails', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ifa-core-'));
    const target = join(dir, 'latest');
    await atomicWriteDir(target, (temp) => writeFile(join(temp, 'v'), '1'));
    await expect(
      atomicWriteDir(target, async () => {
        throw new Error('disk full');
      }),
    ).rejects.toThrow('disk full');
    expect(await readFile(join(target, 'v'), 'utf8')).toBe('1');
    await atomicWriteDir(target, (temp) => writeFile(join(temp, 'v'), '2'));
    expect(await readFile(join(target, 'v'), 'utf8')).toBe('2');
    expect(await readdir(dir)).toEqual(['latest']);
    expect(await pathExists(join(dir, 'nothing'))).toBe(false);
  });
});
