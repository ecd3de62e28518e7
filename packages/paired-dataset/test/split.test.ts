import { describe, expect, it } from 'vitest';
import {
  type AudioRecord,
  formatFsddSplit,
  InvalidOptionError,
  loadMnist,
  parseFsddSplit,
  sampleDataDir,
  splitFsdd,
  splitStratified,
} from '../src';
import { splitImageSet } from '../src/split';

/** Synthetic records with FSDD's full structure (6 speakers x 10 digits x 50 takes); no audio needed to split. */
function fakeFsdd(): AudioRecord[] {
  const records: AudioRecord[] = [];
  for (const speaker of ['george', 'jackson', 'lucas', 'nicolas', 'theo', 'yweweler']) {
    for (let label = 0; label < 10; label++) {
      for (let take = 0; take < 50; take++) {
        records.push({
          id: `${label}_${speaker}_${take}`,
          label,
          speaker,
          take,
          sampleRate: 8000,
          samples: new Float32Array(1),
          sha256: '',
        });
      }
    }
  }
  // Reverse so the split cannot rely on the input already being sorted.
  return records.reverse();
}

describe('splitFsdd', () => {
  const records = fakeFsdd();

  it("'standard' puts takes 0-4 in test and 5-49 in train", () => {
    const { train, test } = splitFsdd(records, 'standard');
    expect(train).toHaveLength(2700);
    expect(test).toHaveLength(300);
    expect(test.every((r) => r.take <= 4)).toBe(true);
    expect(train.every((r) => r.take >= 5)).toBe(true);
  });

  it('holds out whole speakers', () => {
    const { train, test } = splitFsdd(records, { heldOutSpeakers: ['theo'] });
    expect(test).toHaveLength(500);
    expect(test.every((r) => r.speaker === 'theo')).toBe(true);
    expect(train.some((r) => r.speaker === 'theo')).toBe(false);
    expect(train).toHaveLength(2500);
  });

  it('names unknown speakers instead of silently holding out nothing', () => {
    expect(() => splitFsdd(records, { heldOutSpeakers: ['theodore'] })).toThrow(InvalidOptionError);
    expect(() => splitFsdd(records, { heldOutSpeakers: ['theodore'] })).toThrow(/theodore/);
  });

  it('splits by a seeded, label-stratified fraction, independent of input order', () => {
    const a = splitFsdd(records, { testFraction: 0.2, seed: 7 });
    const b = splitFsdd([...records].reverse(), { testFraction: 0.2, seed: 7 });
    const c = splitFsdd(records, { testFraction: 0.2, seed: 8 });
    expect(a.test).toHaveLength(600);
    expect(a.test.map((r) => r.id)).toEqual(b.test.map((r) => r.id));
    expect(a.test.map((r) => r.id).sort()).not.toEqual(c.test.map((r) => r.id).sort());
    for (let digit = 0; digit < 10; digit++) expect(a.test.filter((r) => r.label === digit)).toHaveLength(60);
    const testIds = new Set(a.test.map((r) => r.id));
    expect(a.train.some((r) => testIds.has(r.id))).toBe(false);
  });

  it('rejects a bad fraction or scheme', () => {
    expect(() => splitFsdd(records, { testFraction: 1, seed: 0 })).toThrow(InvalidOptionError);
    expect(() => splitStratified(records, { testFraction: 0.5, seed: 0.5 })).toThrow(/seed/);
    expect(() => splitFsdd(records, 'strict' as never)).toThrow(InvalidOptionError);
  });
});

describe('splitImageSet', () => {
  it('gives disjoint, stratified pools that together hold every image once', async () => {
    const set = await loadMnist({ dir: sampleDataDir(), split: 'test' });
    const { train, test } = splitImageSet(set, { testFraction: 0.2, seed: 0 });
    expect(train.count + test.count).toBe(set.count);
    const all = [...train.sourceIndices, ...test.sourceIndices].sort((x, y) => x - y);
    expect(all).toEqual(Array.from({ length: set.count }, (_, i) => i));
    for (let i = 0; i < test.count; i++) {
      const source = test.sourceIndices[i]!;
      expect(test.labels[i]).toBe(set.labels[source]);
      expect(test.images.subarray(i * 784, (i + 1) * 784)).toEqual(
        set.images.subarray(source * 784, (source + 1) * 784),
      );
    }
    for (let digit = 0; digit < 10; digit++) {
      const total = set.labels.filter((l) => l === digit).length;
      expect(test.labels.filter((l) => l === digit).length).toBe(Math.round(total * 0.2));
    }
  });
});

describe('parseFsddSplit / formatFsddSplit: the one text form of a split', () => {
  it.each([
    ['standard', 'standard', 'standard'],
    ['speakers:theo', { heldOutSpeakers: ['theo'] }, 'speakers:theo'],
    ['speaker:theo', { heldOutSpeakers: ['theo'] }, 'speakers:theo'],
    ['speakers:Theo, george', { heldOutSpeakers: ['theo', 'george'] }, 'speakers:theo,george'],
    ['fraction:0.1', { testFraction: 0.1, seed: 0 }, 'fraction:0.1'],
    ['fraction:0.25:7', { testFraction: 0.25, seed: 7 }, 'fraction:0.25:7'],
  ])('%s parses and prints canonically', (text, scheme, canonical) => {
    expect(parseFsddSplit(text)).toEqual(scheme);
    expect(formatFsddSplit(parseFsddSplit(text))).toBe(canonical);
    expect(parseFsddSplit(canonical)).toEqual(scheme);
  });

  it('passes scheme objects through', () => {
    expect(parseFsddSplit({ heldOutSpeakers: ['theo'] })).toEqual({ heldOutSpeakers: ['theo'] });
    expect(parseFsddSplit('standard')).toBe('standard');
  });

  it.each([
    'speakers:',
    'speaker:bob',
    'speakers:theo,bob',
    'fraction:1',
    'fraction:0',
    'fraction:x',
    'fraction:0.1:-1',
    'standrd',
    '',
  ])('rejects %j with one InvalidOptionError naming the option and the speakers', (text) => {
    expect(() => parseFsddSplit(text, '--split')).toThrow(InvalidOptionError);
    expect(() => parseFsddSplit(text, '--split')).toThrow(/^Invalid --split: .*speakers:NAME.*george/);
  });
});
