import { bandStatistics } from '@ifa/audio-features';
import type { EncodedAudioSet } from '@ifa/paired-dataset';
import { describe, expect, it } from 'vitest';
import { withSpeakerNormalisation } from './speaker-normalisation';

/** Four 2 x 2 images, two per speaker, each speaker with its own level and spread. */
function encoded(): EncodedAudioSet {
  return {
    data: Float32Array.from([0.1, 0.2, 0.3, 0.4, 0.2, 0.1, 0.4, 0.3, 0.7, 0.9, 0.5, 0.6, 0.9, 0.7, 0.6, 0.5]),
    count: 4,
    height: 2,
    width: 2,
    labels: Int32Array.from([0, 1, 0, 1]),
    ids: ['a0', 'a1', 'b0', 'b1'],
    encoderConfig: {},
  };
}
const records = [{ speaker: 'ann' }, { speaker: 'ann' }, { speaker: 'bob' }, { speaker: 'bob' }];
const record = { referenceBandMeans: [0.5, 0.25], referenceBandStds: [0.1, 0.2] };

describe('withSpeakerNormalisation', () => {
  it("maps each test voice by its own recordings to the model's reference, on a copy", () => {
    const plain = encoded();
    const said: string[] = [];
    const mapped = withSpeakerNormalisation(plain, records, record, (m) => said.push(m));
    expect(Array.from(plain.data)).toEqual(Array.from(encoded().data));
    for (const indices of [
      [0, 1],
      [2, 3],
    ]) {
      const stats = bandStatistics(mapped, indices);
      for (const [r, m] of stats.means.entries()) expect(m).toBeCloseTo(record.referenceBandMeans[r]!, 5);
      for (const [r, d] of stats.stds.entries()) expect(d).toBeCloseTo(record.referenceBandStds[r]!, 2);
    }
    expect(said).toEqual([expect.stringMatching(/each of the 2 test voices by its own recordings/)]);
    expect(mapped.labels).toBe(plain.labels);
  });

  it('leaves the spectrograms of a model without speaker normalisation as they are', () => {
    const plain = encoded();
    const said: string[] = [];
    expect(withSpeakerNormalisation(plain, records, undefined, (m) => said.push(m))).toBe(plain);
    expect(said).toEqual([]);
  });
});
