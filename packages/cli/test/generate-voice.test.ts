/** `ifa generate --voice`: recordings of the speaker, for a model trained with speaker normalisation. */
import { copyFile, mkdir, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { selectBackend } from '@ifa/backends';
import { createCgan, saveModel } from '@ifa/models';
import { sampleDataDir } from '@ifa/paired-dataset';
import { beforeAll, describe, expect, it } from 'vitest';
import { run } from './run-cli';

const recordings = join(sampleDataDir(), 'fsdd', 'recordings');
const WAV = join(recordings, '7_jackson_2.wav');

let work: string;
beforeAll(async () => {
  await selectBackend({ prefer: 'cpu', log: null });
  work = await mkdtemp(join(tmpdir(), 'ifa-cli-voice-'));
  const model = createCgan('tiny', { seed: 2 });
  const bands = model.config.inputHeight;
  await saveModel(model, join(work, 'normalised'), {
    preprocessing: {
      encoder: {},
      speakerNormalisation: {
        referenceBandMeans: Array.from({ length: bands }, (_, r) => 0.3 + r / 100),
        // Wide deviations, so that two mappings of one recording differ by more than a PNG's 8 bits show.
        referenceBandStds: Array.from({ length: bands }, () => 5),
      },
    },
  });
  await saveModel(model, join(work, 'plain'), { preprocessing: { encoder: {} } });
  model.dispose();
  await mkdir(join(work, 'jackson'));
  for (const name of ['1_jackson_1.wav', '3_jackson_33.wav', '5_jackson_15.wav']) {
    await copyFile(join(recordings, name), join(work, 'jackson', name));
  }
});

const generate = (model: string, out: string, extra: string[] = []) =>
  run(
    [
      'generate',
      '--model',
      model,
      '--audio',
      WAV,
      '--out',
      out,
      '--scale',
      '1',
      '--backend',
      'cpu',
      ...extra,
    ],
    work,
  );

describe('ifa generate --voice', () => {
  it('maps the recording from the voice of the given recordings; without it, by itself, with a note', async () => {
    const byVoice = await generate('normalised', 'voice.png', ['--voice', 'jackson']);
    expect(byVoice.code).toBe(0);
    expect(byVoice.stderr).toMatch(/voice: 3 recordings from jackson/);
    const byItself = await generate('normalised', 'itself.png');
    expect(byItself.code).toBe(0);
    expect(byItself.stderr).toMatch(/without --voice each recording is normalised by itself/);
    expect(await readFile(join(work, 'voice.png'))).not.toEqual(await readFile(join(work, 'itself.png')));
    // One file works as a voice too.
    const oneFile = await generate('normalised', 'one.png', ['--voice', join('jackson', '1_jackson_1.wav')]);
    expect(oneFile.stderr).toMatch(/voice: 1 recording from/);
  });

  it('a model without speaker normalisation ignores --voice, with a note', async () => {
    const withVoice = await generate('plain', 'plain-voice.png', ['--voice', 'jackson']);
    expect(withVoice.stderr).toMatch(/--voice is ignored/);
    await generate('plain', 'plain.png');
    expect(await readFile(join(work, 'plain-voice.png'))).toEqual(await readFile(join(work, 'plain.png')));
  });

  it('a missing --voice path is one clear line', async () => {
    const { code, stderr } = await generate('normalised', 'x.png', ['--voice', 'nobody']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/--voice/);
    expect(stderr).toMatch(/nobody/);
  });
});
