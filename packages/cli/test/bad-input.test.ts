/** Every bad input gets one clear line naming the flag and the value the user typed. */
import { cp, mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { selectBackend } from '@ifa/backends';
import { InvalidOptionError } from '@ifa/core';
import { createCgan, saveModel } from '@ifa/models';
import { sampleDataDir } from '@ifa/paired-dataset';
import { loadImage } from '@napi-rs/canvas';
import { beforeAll, describe, expect, it } from 'vitest';
import { writingTo } from '../src/commands/files';
import { run, tempDir as sharedTempDir } from './run-cli';

const tempDir = (): Promise<string> => sharedTempDir('ifa-cli-input-');
const WAV = join(sampleDataDir(), 'fsdd', 'recordings', '7_jackson_2.wav');

/** The error lines: everything on stderr but our `[ifa]` notes and commander's usage pointer. */
function errorLines(stderr: string): string[] {
  return stderr
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('[ifa]') && !line.startsWith('(run with'));
}

async function failsWithOneLine(argv: string[], pattern: RegExp, cwd?: string): Promise<string> {
  const { code, stderr } = await run(argv, cwd);
  expect(code).not.toBe(0);
  const lines = errorLines(stderr);
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  return lines[0]!;
}

describe('ifa generate: bounded count and scale', () => {
  let work: string;
  beforeAll(async () => {
    await selectBackend({ prefer: 'cpu', log: null });
    work = await tempDir();
    const model = createCgan({ preset: 'tiny' });
    await saveModel(model, join(work, 'model'));
    model.dispose();
  });

  it.each([
    [['--count', '100000'], /--count <n>.*expected an integer from 1 to 256, got "100000"/],
    [['--count', '0'], /--count <n>.*expected an integer from 1 to 256/],
    [['--scale', '1000'], /--scale <n>.*expected an integer from 1 to 32, got "1000"/],
  ])('%j is refused in one line before anything runs', async (flags, pattern) => {
    await failsWithOneLine(['generate', '--model', 'model', '--audio', WAV, ...flags], pattern, work);
  });

  it('refuses a PNG over 4096 px a side, saying which scale fits', async () => {
    await failsWithOneLine(
      ['generate', '--model', 'model', '--audio', WAV, '--count', '256', '--scale', '32', '--backend', 'cpu'],
      /Invalid --scale: 32\. Expected at most 9 for 256 image\(s\) of 28 px\. The PNG would be 14336 x 14336/,
      work,
    );
  });

  it('generates more images than one batch, in rows of 16', async () => {
    const { code, stdout } = await run(
      ['generate', '--model', 'model', '--audio', WAV, '--count', '40', '--scale', '1', '--out', 'many.png'],
      work,
    );
    expect(code).toBe(0);
    expect(stdout).toContain('40 images from cgan');
    const image = await loadImage(join(work, 'many.png'));
    expect([image.width, image.height]).toEqual([28 * 16, 28 * 3]);
  });
});

describe('--out: typed one-line errors that name the path the user gave', () => {
  let work: string;
  beforeAll(async () => {
    work = await tempDir();
    await writeFile(join(work, 'a-file'), 'not a folder');
    await mkdir(join(work, 'a-folder'));
  });

  it.each([
    [
      ['encode', '--audio', WAV, '--out', ''],
      /^ifa: InvalidOptionError: Invalid --out: ""\. Expected a file path/,
    ],
    [
      ['encode', '--audio', WAV, '--out', 'a-folder'],
      /Invalid --out: "a-folder"\. Expected a file path \(e\.g\. out\.png\), not an existing folder\./,
    ],
    [
      ['encode', '--audio', WAV, '--out', 'a-file/x.png'],
      /Invalid --out: "a-file\/x\.png"\. Expected .* whose parent folders can be created\. .*a-file is a file\./,
    ],
    [['train', '--model', 'cvae', '--out', ''], /Invalid --out: ""\. Expected a folder path/],
    [
      ['train', '--model', 'cvae', '--out', 'a-file'],
      /Invalid --out: "a-file"\. Expected a folder path .*not an existing file/,
    ],
    [
      ['train', '--model', 'cvae', '--out', 'a-file/run'],
      /Invalid --out: "a-file\/run"\. .*a-file is a file\./,
    ],
  ])('%j', async (argv, pattern) => {
    const line = await failsWithOneLine(argv, pattern, work);
    // Never the temporary file of an atomic write.
    expect(line).not.toMatch(/\.tmp/);
  });

  it('generate checks --out before loading the model', async () => {
    const model = createCgan({ preset: 'tiny' });
    await saveModel(model, join(work, 'model'));
    model.dispose();
    await failsWithOneLine(
      ['generate', '--model', 'model', '--audio', WAV, '--out', 'a-folder'],
      /Invalid --out: "a-folder"\. Expected a file path .*not an existing folder/,
      work,
    );
    await failsWithOneLine(
      ['evaluate', '--run', 'model', '--out', 'a-file'],
      /Invalid --out: "a-file"\. Expected a folder path .*not an existing file/,
      work,
    );
  });

  it('an unwritable folder is named (skipped as root, who may write anywhere)', async () => {
    if (process.getuid?.() === 0) return;
    const { chmod } = await import('node:fs/promises');
    await mkdir(join(work, 'locked'));
    await chmod(join(work, 'locked'), 0o500);
    await failsWithOneLine(
      ['encode', '--audio', WAV, '--out', 'locked/x.png'],
      /Invalid --out: "locked\/x\.png"\. Expected .* in a folder you can write to\. .*locked is not writable/,
      work,
    );
  });

  it('a failing write names the user path and the reason, not the temporary file', async () => {
    const denied = Object.assign(new Error("EPERM: operation not permitted, open '/x/.out.png.tmp-1'"), {
      code: 'EPERM',
    });
    const error = await writingTo('--out', 'out.png', () => Promise.reject(denied)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as Error).message).toBe(
      'Invalid --out: "out.png". Expected a path that can be written. Writing it failed: permission denied (EPERM).',
    );
    const other = new Error('boom');
    await expect(writingTo('--out', 'out.png', () => Promise.reject(other))).rejects.toBe(other);
  });

  it('encode creates missing parent folders', async () => {
    const { code } = await run(['encode', '--audio', WAV, '--out', 'new/sub/spec.png'], work);
    expect(code).toBe(0);
    expect((await readFile(join(work, 'new', 'sub', 'spec.png'))).length).toBeGreaterThan(0);
  });
});

describe('unreadable data: files named in one line, a flag to skip them, CLI words', () => {
  const TRAIN = ['train', '--model', 'cvae', '--preset', 'tiny', '--epochs', '1', '--batch-size', '2'];

  async function sampleWithBrokenWav(): Promise<string> {
    const dir = await tempDir();
    await cp(sampleDataDir(), join(dir, 'data'), { recursive: true });
    await writeFile(join(dir, 'data', 'fsdd', 'recordings', '3_theo_0.wav'), 'RIFF....WAVEjunk');
    return dir;
  }

  it('names the bad file without --verbose and suggests --on-invalid skip, not onInvalid', async () => {
    const cwd = await sampleWithBrokenWav();
    const line = await failsWithOneLine(
      [...TRAIN, '--data-dir', 'data', '--out', 'run', '--backend', 'cpu'],
      /^ifa: InvalidAudioFilesError: 1 audio file could not be read: .*3_theo_0\.wav \(.+\)\. .*--on-invalid skip/,
      cwd,
    );
    expect(line).not.toContain('onInvalid');
  });

  it('--on-invalid skip trains on the rest and says which file it skipped', async () => {
    const cwd = await sampleWithBrokenWav();
    const { code, stderr } = await run(
      [
        ...TRAIN,
        '--max-batches',
        '1',
        '--data-dir',
        'data',
        '--out',
        'run',
        '--backend',
        'wasm',
        '--on-invalid',
        'skip',
      ],
      cwd,
    );
    expect(errorLines(stderr)).toEqual([]);
    expect(code).toBe(0);
    expect(stderr).toMatch(/^\[ifa\] skipped .*3_theo_0\.wav: /m);
  });

  it('a missing MNIST file points at `ifa datasets download`, not a library call', async () => {
    const cwd = await tempDir();
    await cp(join(sampleDataDir(), 'fsdd'), join(cwd, 'data', 'fsdd'), { recursive: true });
    const line = await failsWithOneLine(
      [...TRAIN, '--data-dir', 'data', '--out', 'run', '--backend', 'cpu'],
      /DatasetNotFoundError: Not found: .*t10k-images-idx3-ubyte\.gz\. Run `ifa datasets download`/,
      cwd,
    );
    expect(line).not.toMatch(/downloadDatasets|cacheDir|package README/);
  });

  it("names the flag, not the library's option, when a value set from a flag is refused", async () => {
    const everyone = 'speakers:george,jackson,lucas,nicolas,theo,yweweler';
    const line = await failsWithOneLine(
      [...TRAIN, '--data-dir', 'sample', '--split', everyone, '--out', 'run', '--backend', 'cpu'],
      /^ifa: InvalidOptionError: Invalid --data-dir: .*training split is not empty/,
    );
    expect(line).not.toMatch(/dataDir/);
  });

  it.each([['train'], ['evaluate']])('%s --help documents --on-invalid', async (command) => {
    const { stdout } = await run([command, '--help']);
    expect(stdout.replace(/\s+/g, ' ')).toMatch(
      /--on-invalid <action> .*error \(stop, naming them\) or skip/,
    );
  });

  it('rejects an unknown --on-invalid action', async () => {
    await failsWithOneLine(
      ['evaluate', '--run', 'x', '--on-invalid', 'ignore'],
      /Allowed choices are error, skip/,
    );
  });
});

describe('--split: one syntax for train and evaluate', () => {
  it.each([['speaker:theo'], ['speakers:theo'], ['speakers:theo,george'], ['fraction:0.2']])(
    'train and evaluate both accept %s',
    async (split) => {
      const cwd = await tempDir();
      await writeFile(join(cwd, 'a-file'), '');
      // The split parses; the command then stops at the next problem (a bad --out or --run).
      await failsWithOneLine(
        ['train', '--model', 'cgan', '--split', split, '--out', 'a-file'],
        /Invalid --out/,
        cwd,
      );
      await failsWithOneLine(['evaluate', '--run', 'missing', '--split', split], /Invalid --run/, cwd);
    },
  );

  it.each([
    ['train', '--model', 'cgan'],
    ['evaluate', '--run', 'missing'],
  ])('%s rejects a bad split with the same message', async (...command) => {
    await failsWithOneLine(
      [...command, '--split', 'speakers:bob'],
      /^ifa: InvalidOptionError: Invalid --split: "speakers:bob"\. Expected 'standard', 'speakers:NAME\[,NAME\.\.\.\]' with each NAME one of george/,
    );
  });

  it('both --help texts show the same canonical syntax', async () => {
    const train = (await run(['train', '--help'])).stdout;
    const evaluate = (await run(['evaluate', '--help'])).stdout;
    for (const help of [train, evaluate]) {
      expect(help.replace(/\s+/g, ' ')).toContain(
        'standard | speakers:NAME[,NAME...] (held-out speakers) | fraction:F',
      );
      expect(help).not.toMatch(/speaker:NAME|speaker:theo/);
    }
  });
});

describe('ifa datasets verify and --version', () => {
  const dataDir = process.env.IFA_DATA_DIR;

  it.skipIf(!dataDir)(
    'accepts MNIST t10k alone (the layout the README calls enough) and says so',
    async () => {
      const cwd = await tempDir();
      await mkdir(join(cwd, 'data', 'mnist'), { recursive: true });
      await symlink(join(dataDir!, 'fsdd'), join(cwd, 'data', 'fsdd'));
      for (const file of ['t10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz'])
        await cp(join(dataDir!, 'mnist', file), join(cwd, 'data', 'mnist', file));
      const { code, stdout, stderr } = await run(['datasets', 'verify', '--data-dir', 'data'], cwd);
      expect(errorLines(stderr)).toEqual([]);
      expect(code).toBe(0);
      expect(stdout).toMatch(/^mnist\/train-images-idx3-ubyte\.gz: missing \(optional: /m);
      expect(stdout).toMatch(/^mnist\/t10k-images-idx3-ubyte\.gz: ok$/m);
      expect(stdout).toMatch(/^ok: MNIST t10k only \(enough\) and FSDD v1\.0\.10 in /m);
    },
  );

  it('--version prints the version of @ifa/cli', async () => {
    const { version } = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));
    for (const flag of ['--version', '-v']) {
      const { code, stdout } = await run([flag]);
      expect(code).toBe(0);
      expect(stdout).toBe(`${version}\n`);
    }
  });
});
