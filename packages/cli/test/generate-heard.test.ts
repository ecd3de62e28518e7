/** `ifa generate --heard`: what a model that hears the digit draws from. */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { selectBackend } from '@ifa/backends';
import { createCgan, createCvae, saveModel } from '@ifa/models';
import { sampleDataDir } from '@ifa/paired-dataset';
import { beforeAll, describe, expect, it } from 'vitest';
import { run } from './run-cli';

const WAV = join(sampleDataDir(), 'fsdd', 'recordings', '7_jackson_2.wav');

let work: string;
beforeAll(async () => {
  await selectBackend({ prefer: 'cpu', log: null });
  work = await mkdtemp(join(tmpdir(), 'ifa-cli-heard-'));
  // Untrained: the classifier is unsure, so the blend and the most likely digit give different pictures.
  const cvae = createCvae({ preset: 'recommended', filters: 4, hiddenUnits: 16, latentSize: 3 }, { seed: 3 });
  await saveModel(cvae, join(work, 'cvae'), { preprocessing: { encoder: {} } });
  cvae.dispose();
  const cgan = createCgan('tiny', { seed: 2 });
  await saveModel(cgan, join(work, 'cgan'), { preprocessing: { encoder: {} } });
  cgan.dispose();
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

describe('ifa generate --heard', () => {
  it("most-likely draws another picture than the default blend; 'probabilities' is the default", async () => {
    const mostLikely = await generate('cvae', 'most-likely.png', ['--heard', 'most-likely']);
    expect(mostLikely.code).toBe(0);
    expect(mostLikely.stderr).not.toMatch(/--heard is ignored/);
    expect((await generate('cvae', 'default.png')).code).toBe(0);
    expect((await generate('cvae', 'blend.png', ['--heard', 'probabilities'])).code).toBe(0);
    const png = (name: string) => readFile(join(work, name));
    expect(await png('most-likely.png')).not.toEqual(await png('default.png'));
    expect(await png('blend.png')).toEqual(await png('default.png'));
  });

  it('the CGAN ignores it, with a note', async () => {
    const withHeard = await generate('cgan', 'cgan-heard.png', ['--heard', 'most-likely']);
    expect(withHeard.code).toBe(0);
    expect(withHeard.stderr).toMatch(/--heard is ignored/);
    await generate('cgan', 'cgan.png');
    expect(await readFile(join(work, 'cgan-heard.png'))).toEqual(await readFile(join(work, 'cgan.png')));
  });

  it('an unknown value is one error line naming the choices (then the pointer to --help)', async () => {
    const { code, stderr } = await generate('cvae', 'x.png', ['--heard', 'argmax']);
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')[0]).toMatch(/--heard.*'argmax'.*probabilities, most-likely/);
  });
});
