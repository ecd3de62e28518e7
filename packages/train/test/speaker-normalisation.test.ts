import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidOptionError } from '@ifa/core';
import { loadModel } from '@ifa/models';
import { sampleDataDir } from '@ifa/paired-dataset';
import { beforeAll, describe, expect, it } from 'vitest';
import { runPaths, train } from '../src';
import { resolveTrainOptions } from '../src/training';
import { samplePairs, tempDir, useTestBackend } from './helpers';

beforeAll(useTestBackend);

describe("train({ normalise: 'speaker' })", () => {
  const base = {
    model: 'cvae',
    preset: 'tiny',
    epochs: 1,
    batchSize: 4,
    maxBatchesPerEpoch: 1,
    dataDir: sampleDataDir(),
    split: { heldOutSpeakers: ['theo'] },
    testLossPairs: 0,
  } as const;

  it('stores the reference in the checkpoint (preprocessing version 2) and the option in run.json', async () => {
    const outDir = await tempDir();
    const result = await train({ ...base, outDir, normalise: 'speaker' });
    result.model.dispose();
    const paths = runPaths(outDir);
    const manifest = JSON.parse(await readFile(join(paths.latest, 'ifa-model.json'), 'utf8'));
    expect(manifest.preprocessing.version).toBe(2);
    const { referenceBandMeans, referenceBandStds } = manifest.preprocessing.speakerNormalisation;
    expect(referenceBandMeans).toHaveLength(28);
    expect(referenceBandStds).toHaveLength(28);
    // Spectrograms are in [0, 1]: so are their band means, and the deviations are positive.
    for (const m of referenceBandMeans) expect(m > 0 && m < 1).toBe(true);
    for (const d of referenceBandStds) expect(d > 0 && d < 1).toBe(true);
    const loaded = await loadModel(paths.latest);
    expect(loaded.preprocessing?.speakerNormalisation?.referenceBandMeans).toEqual(referenceBandMeans);
    loaded.dispose();
    const run = JSON.parse(await readFile(paths.runJson, 'utf8'));
    expect(run.options.normalise).toBe('speaker');
    // The data differ from the plain spectrograms', so a resume without the option is refused.
    await expect(train({ ...base, epochs: 2, outDir, resume: true })).rejects.toThrow(/data was .* but is/);
  });

  it('refuses a bad value, a pairs folder and pre-loaded data', async () => {
    const outDir = '/tmp/unused';
    const data = await samplePairs();
    expect(resolveTrainOptions({ model: 'cvae', outDir }).normalise).toBeNull();
    expect(resolveTrainOptions({ model: 'cvae', outDir, normalise: 'speaker' }).normalise).toBe('speaker');
    expect(() =>
      resolveTrainOptions({ model: 'cvae', outDir, normalise: 'voice' as unknown as 'speaker' }),
    ).toThrow(InvalidOptionError);
    expect(() => resolveTrainOptions({ model: 'cvae', outDir, normalise: 'speaker', pairsDir: 'x' })).toThrow(
      /a pairs folder has no speakers/,
    );
    expect(() => resolveTrainOptions({ model: 'cvae', outDir, normalise: 'speaker', data })).toThrow(
      /loadDigitPairs\(\{ normalise: 'speaker' \}\)/,
    );
  });
});
