import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sampleDataDir } from '@ifa/paired-dataset';
import { loadImage } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { run, tempDir } from './run-cli';

const WAV = join(sampleDataDir(), 'fsdd', 'recordings', '7_jackson_2.wav');

/** Lines of stderr that are not our informational `[ifa]` notes. */
function errorLines(stderr: string): string[] {
  return stderr.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('[ifa]'));
}

describe('ifa CLI errors', () => {
  it.each([
    [['train', '--model', 'cgan', '--bogus'], /unknown option '--bogus'/],
    [['train', '--preset', 'small'], /required option '--model <kind>' not specified/],
    [['train', '--model', 'gan'], /argument 'gan' is invalid/],
    [['train', '--model', 'cgan', '--epochs', '3x'], /expected a positive integer, got "3x"/],
    [['train', '--model', 'cgan', '--backend', 'metal'], /Allowed choices are auto/],
    [['train', '--model', 'cgan', '--threads', '0'], /expected a positive integer or 'auto', got "0"/],
    [['frobnicate'], /unknown command 'frobnicate'/],
    [
      ['train', '--model', 'cgan', '--split', 'speakers:'],
      /Invalid --split: "speakers:"\. Expected 'standard'/,
    ],
  ])('%j fails with one line and a non-zero exit', async (argv, message) => {
    const { code, stderr } = await run(argv);
    expect(code).not.toBe(0);
    const lines = errorLines(stderr).filter((l) => !l.startsWith('(run with --help'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
  });

  it('a missing audio file is one line naming it', async () => {
    const { code, stderr } = await run(['encode', '--audio', 'nope.wav', '--out', 'x.png']);
    expect(code).toBe(1);
    expect(errorLines(stderr)).toEqual([
      'ifa: InvalidOptionError: Invalid --audio: "nope.wav". Expected an existing file. (--verbose for details)',
    ]);
  });

  it('unreadable audio is one line; --verbose adds the stack', async () => {
    const cwd = await tempDir('ifa-cli-');
    await writeFile(join(cwd, 'text.wav'), 'this is not a wav file at all');
    const plain = await run(['encode', '--audio', 'text.wav', '--out', 'x.png'], cwd);
    expect(plain.code).toBe(1);
    const lines = errorLines(plain.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^ifa: WavFormatError: .*text\.wav/);
    const verbose = await run(['encode', '--audio', 'text.wav', '--out', 'x.png', '--verbose'], cwd);
    expect(verbose.code).toBe(1);
    expect(verbose.stderr).toMatch(/WavFormatError.*\n\s+at /);
  });

  it('a model folder without a model is one line', async () => {
    const { code, stderr } = await run(['generate', '--model', 'missing-run', '--audio', WAV]);
    expect(code).toBe(1);
    expect(errorLines(stderr)).toHaveLength(1);
    expect(stderr).toMatch(
      /Invalid --model: "missing-run"\. Expected a model folder containing ifa-model\.json/,
    );
  });

  it('verify reports an incomplete data folder in one line and exits non-zero', async () => {
    const { code, stdout, stderr } = await run(['datasets', 'verify', '--data-dir', sampleDataDir()]);
    expect(code).toBe(1);
    // The sample holds 30 of the 3000 recordings and a 500-image cut of t10k.
    expect(stdout).toMatch(/^fsdd: 30\/3000 recordings valid, 2970 missing/m);
    expect(stdout).toMatch(/^mnist\/train-images-idx3-ubyte\.gz: missing \(optional: /m);
    expect(errorLines(stderr)).toHaveLength(1);
    // The training pair is optional; the sample's re-packed t10k files and its 30 recordings are not enough.
    expect(stderr).toMatch(
      /are incomplete \(mnist\/t10k-images-idx3-ubyte\.gz mismatch, .*fsdd 2970 recordings/,
    );
    expect(stderr).not.toMatch(/train-images/);
  });

  it('resuming a run that has no checkpoint is one line', async () => {
    const { code, stderr } = await run([
      'train',
      '--model',
      'cgan',
      '--preset',
      'tiny',
      '--resume',
      '--out',
      'run',
      '--data-dir',
      'sample',
      '--backend',
      'cpu',
    ]);
    expect(code).toBe(1);
    expect(errorLines(stderr)).toHaveLength(1);
    expect(stderr).toMatch(/CheckpointError: Checkpoint .*latest: nothing to resume from/);
  });
});

describe('ifa CLI commands', () => {
  it.each([
    ['train'],
    ['generate'],
    ['encode'],
    ['info'],
    ['datasets', 'download'],
    ['datasets', 'verify'],
    ['datasets', 'make-soundscapes'],
  ])('`%s --help` shows examples', async (...command) => {
    const { code, stdout } = await run([...command, '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('Examples:');
    expect(stdout).toContain(`$ ifa ${command.join(' ')}`);
  });

  it('encode writes the 28 x 28 spectrogram PNG', async () => {
    const cwd = await tempDir('ifa-cli-');
    const { code, stdout } = await run(['encode', '--audio', WAV, '--out', 'spec.png'], cwd);
    expect(code).toBe(0);
    expect(stdout).toContain('28 x 28');
    const image = await loadImage(join(cwd, 'spec.png'));
    expect([image.width, image.height]).toEqual([28, 28]);
  });

  it('info lists every backend and the automatic choice', async () => {
    const { code, stdout } = await run(['info']);
    expect(code).toBe(0);
    for (const name of ['tensorflow-gpu', 'tensorflow', 'webgpu', 'wasm', 'cpu'])
      expect(stdout).toMatch(new RegExp(`^  ${name} `, 'm'));
    expect(stdout).toMatch(/auto would choose: (wasm|cpu)/);
    expect(stdout).toContain('@tensorflow/tfjs-core');
  });

  it('train then generate: one tiny epoch, then images from a WAV with the saved encoder', async () => {
    const cwd = await tempDir('ifa-cli-');
    const trained = await run(
      [
        'train',
        '--model',
        'vaegan',
        '--preset',
        'tiny',
        '--epochs',
        '1',
        '--max-batches',
        '1',
        '--batch-size',
        '2',
        '--data-dir',
        'sample',
        '--out',
        'run',
        '--backend',
        'wasm',
      ],
      cwd,
    );
    expect(trained.stderr).toContain('epoch 1/1');
    expect(trained.code).toBe(0);
    // Runs trained from a data folder record that their pairing targets exclude the judge's images.
    const pools = JSON.parse(await readFile(join(cwd, 'run', 'image-pools.json'), 'utf8'));
    expect(pools.excludesJudgeImages).toBe(true);
    const generated = await run(
      [
        'generate',
        '--model',
        'run',
        '--audio',
        WAV,
        '--out',
        'seven.png',
        '--count',
        '3',
        '--scale',
        '2',
        '--backend',
        'wasm',
      ],
      cwd,
    );
    expect(generated.code).toBe(0);
    expect(generated.stdout).toContain('3 images from vaegan');
    const image = await loadImage(join(cwd, 'seven.png'));
    expect([image.width, image.height]).toEqual([28 * 3 * 2, 28 * 2]);
  });
});
