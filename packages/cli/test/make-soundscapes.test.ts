import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run, tempDir } from './run-cli';

describe('ifa datasets make-soundscapes', () => {
  it('writes the pairs folder, progress on stderr and a summary on stdout', async () => {
    const cwd = await tempDir('ifa-cli-');
    const { code, stdout, stderr } = await run(
      ['datasets', 'make-soundscapes', '--out', 'sc', '--per-class', '2', '--seed', '3'],
      cwd,
    );
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /^wrote 10 recordings and 10 pictures \(5 classes: beach, fire, forest, rain, street;/,
    );
    expect(stdout).toContain(join(cwd, 'sc'));
    expect(stderr).toContain('[ifa] 20/20 files');
    expect(await readdir(join(cwd, 'sc', 'audio', 'rain'))).toEqual(['rain-000.wav', 'rain-001.wav']);
    expect(await readdir(join(cwd, 'sc', 'images', 'street'))).toEqual(['street-000.png', 'street-001.png']);
  });

  it('refuses a non-empty --out in one line naming --overwrite, and replaces it with --overwrite', async () => {
    const cwd = await tempDir('ifa-cli-');
    await run(['datasets', 'make-soundscapes', '--out', 'sc', '--per-class', '2'], cwd);
    await writeFile(join(cwd, 'sc', 'notes.txt'), 'mine');
    const refused = await run(['datasets', 'make-soundscapes', '--out', 'sc', '--per-class', '1'], cwd);
    expect(refused.code).toBe(1);
    const lines = refused.stderr.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('[ifa]'));
    expect(lines).toEqual([
      `ifa: OutputNotEmptyError: ${join(cwd, 'sc')} is not empty. Choose a new or empty folder for --out, or pass --overwrite. (--verbose for details)`,
    ]);
    const replaced = await run(
      ['datasets', 'make-soundscapes', '--out', 'sc', '--per-class', '1', '--overwrite'],
      cwd,
    );
    expect(replaced.code).toBe(0);
    expect(await readdir(join(cwd, 'sc', 'audio', 'beach'))).toEqual(['beach-000.wav']);
    expect((await readdir(join(cwd, 'sc'))).sort()).toEqual(['audio', 'images', 'notes.txt']);
  });

  it('checks its flags and shows examples in its help and in the top-level help', async () => {
    const bad = await run(['datasets', 'make-soundscapes', '--out', 'x', '--per-class', '0']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/expected an integer from 1 to 100000, got "0"/);
    const missing = await run(['datasets', 'make-soundscapes']);
    expect(missing.stderr).toMatch(/required option '--out <dir>' not specified/);
    const help = await run(['datasets', 'make-soundscapes', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('$ ifa datasets make-soundscapes --out');
    expect(help.stdout).toContain('--per-class <n>');
    const top = await run(['--help']);
    expect(top.stdout).toContain('ifa datasets make-soundscapes');
    const datasets = await run(['datasets', '--help']);
    expect(datasets.stdout).toContain('make-soundscapes');
  });
});
