import { bandStatistics } from '@ifa/audio-features';
import { InvalidOptionError } from '@ifa/core';
import { describe, expect, it } from 'vitest';
import { sampleDataDir } from '../sample';
import { SpectrogramCache } from '../spectrogram-cache';
import { loadDigitPairs } from './index';

/** Indices of each speaker's recordings in a split. */
function bySpeaker(records: readonly { speaker: string }[]): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  for (const [i, r] of records.entries()) groups.set(r.speaker, [...(groups.get(r.speaker) ?? []), i]);
  return groups;
}

describe("loadDigitPairs({ normalise: 'speaker' })", () => {
  // The package's sample: 30 recordings, five speakers with one each held out below.
  const cache = new SpectrogramCache();
  const load = (normalise?: 'speaker' | null) =>
    loadDigitPairs({ dir: sampleDataDir(), cache, split: { heldOutSpeakers: ['theo'] }, normalise });

  it("gives every voice of each split the training set's band statistics, and records them", async () => {
    const plain = await load();
    const normalised = await load('speaker');
    expect(plain.speakerNormalisation).toBeUndefined();
    const reference = normalised.speakerNormalisation?.referenceBandMeans;
    const referenceStds = normalised.speakerNormalisation?.referenceBandStds;
    expect(reference).toHaveLength(plain.train.audio.height);
    // The reference is the plain training set's band statistics.
    const before = bandStatistics(plain.train.audio);
    for (const [r, m] of before.means.entries()) expect(reference?.[r]).toBeCloseTo(m, 5);
    for (const [r, d] of before.stds.entries()) expect(referenceStds?.[r]).toBeCloseTo(d, 5);
    for (const [set, records] of [
      [normalised.train.audio, normalised.trainRecords],
      [normalised.test.audio, normalised.testRecords],
    ] as const) {
      const groups = bySpeaker(records);
      expect(groups.size).toBe(set === normalised.test.audio ? 1 : 5);
      for (const indices of groups.values()) {
        const after = bandStatistics(set, indices);
        for (const [r, m] of after.means.entries()) expect(m).toBeCloseTo(reference?.[r] ?? Number.NaN, 4);
        for (const [r, d] of after.stds.entries()) expect(d).toBeCloseTo(referenceStds?.[r] ?? Number.NaN, 2);
      }
    }
    // One voice's recordings keep their order within each band: the map is one rising line per band.
    const theo = plain.test.audio;
    const mapped = normalised.test.audio;
    const { height, width } = theo;
    for (let r = 0; r < height; r++) {
      const cells = Array.from({ length: theo.count * width }, (_, j) => {
        const at = (Math.floor(j / width) * height + r) * width + (j % width);
        return [theo.data[at]!, mapped.data[at]!] as const;
      }).sort((a, b) => a[0] - b[0]);
      for (let j = 1; j < cells.length; j++)
        expect(cells[j]![1]).toBeGreaterThanOrEqual(cells[j - 1]![1] - 1e-6);
    }
    // The cache still holds the plain spectrograms.
    expect(Array.from((await load()).test.audio.data)).toEqual(Array.from(theo.data));
  });

  it('names a bad value', async () => {
    await expect(
      loadDigitPairs({ dir: sampleDataDir(), normalise: 'speakers' as unknown as 'speaker' }),
    ).rejects.toThrow(InvalidOptionError);
  });
});
