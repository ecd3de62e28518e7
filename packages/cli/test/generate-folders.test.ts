/** `ifa generate` with the pretrained digits model and with folders of recordings. */
import { copyFile, mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { selectBackend } from '@ifa/backends';
import { createCgan, saveModel } from '@ifa/models';
import { sampleDataDir } from '@ifa/paired-dataset';
import { loadImage } from '@napi-rs/canvas';
import { beforeAll, describe, expect, it } from 'vitest';
import { run } from './run-cli';

const recordings = join(sampleDataDir(), 'fsdd', 'recordings');
const WAV = join(recordings, '7_jackson_2.wav');

let work: string;
beforeAll(async () => {
  await selectBackend({ prefer: 'cpu', log: null });
  work = await mkdtemp(join(tmpdir(), 'ifa-cli-generate-'));
  const model = createCgan('tiny', { seed: 2 });
  await saveModel(model, join(work, 'model'), { preprocessing: { encoder: {} } });
  model.dispose();
  await mkdir(join(work, 'audio', 'nested'), { recursive: true });
  for (const name of ['0_george_0.wav', '7_jackson_2.wav']) {
    await copyFile(join(recordings, name), join(work, 'audio', name));
  }
  await copyFile(join(recordings, '1_jackson_1.wav'), join(work, 'audio', 'nested', '1_jackson_1.wav'));
  await writeFile(join(work, 'audio', 'notes.txt'), 'not audio');
});

describe('ifa generate --model digits', () => {
  it('draws with the pretrained model: no training, no download', async () => {
    const { code, stdout, stderr } = await run(
      ['generate', '--model', 'digits', '--audio', WAV, '--out', 'seven.png', '--backend', 'cpu'],
      work,
    );
    expect(stderr).not.toMatch(/note: the model has no saved encoder/);
    expect(code).toBe(0);
    expect(stdout).toMatch(/wrote .*seven\.png \(1 image from cgan at the pretrained digits model/);
    const image = await loadImage(join(work, 'seven.png'));
    expect([image.width, image.height]).toEqual([28 * 4, 28 * 4]);
  });

  it('an unknown name lists the pretrained models in one line', async () => {
    const { code, stderr } = await run(['generate', '--model', 'letters', '--audio', WAV], work);
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /Invalid --model: "letters"\. Expected a model folder containing ifa-model\.json, .*or a pretrained model name \(digits\)/,
    );
  });
});

describe('ifa generate --audio FOLDER --out FOLDER', () => {
  it('writes one PNG per .wav of the folder, named after it (not sub-folders, not other files)', async () => {
    const { code, stdout } = await run(
      [
        'generate',
        '--model',
        'model',
        '--audio',
        'audio',
        '--out',
        'pictures',
        '--scale',
        '1',
        '--backend',
        'cpu',
      ],
      work,
    );
    expect(code).toBe(0);
    expect(stdout).toMatch(/wrote 2 PNGs to .*pictures \(1 image per recording from cgan/);
    expect((await readdir(join(work, 'pictures'))).sort()).toEqual(['0_george_0.png', '7_jackson_2.png']);
    const image = await loadImage(join(work, 'pictures', '7_jackson_2.png'));
    expect([image.width, image.height]).toEqual([28, 28]);
    // The same recording alone gives the same picture.
    await run(['generate', '--model', 'model', '--audio', WAV, '--out', 'alone.png', '--scale', '1'], work);
    const { readFile } = await import('node:fs/promises');
    expect(await readFile(join(work, 'alone.png'))).toEqual(
      await readFile(join(work, 'pictures', '7_jackson_2.png')),
    );
  });

  it('--count grids per recording; a folder without .wav files, or a file as --out, is one line', async () => {
    const grid = await run(
      ['generate', '--model', 'model', '--audio', 'audio', '--out', 'grids', '--count', '3', '--scale', '1'],
      work,
    );
    expect(grid.code).toBe(0);
    const image = await loadImage(join(work, 'grids', '0_george_0.png'));
    expect([image.width, image.height]).toEqual([28 * 3, 28]);
    await mkdir(join(work, 'empty'), { recursive: true });
    const empty = await run(['generate', '--model', 'model', '--audio', 'empty', '--out', 'x'], work);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(
      /Invalid --audio: "empty"\. Expected a WAV file, or a folder holding \.wav files/,
    );
    await writeFile(join(work, 'a-file.png'), 'a file');
    const fileOut = await run(
      ['generate', '--model', 'model', '--audio', 'audio', '--out', 'a-file.png'],
      work,
    );
    expect(fileOut.code).toBe(1);
    expect(fileOut.stderr).toMatch(
      /Invalid --out: "a-file\.png"\. Expected a folder path .*not an existing file/,
    );
  });
});
