import { describe, expect, it } from 'vitest';
import type { ImageSet } from '../mnist';
import { sampleDataDir } from '../sample';
import { loadGeneratorDigitPairs, loadJudgeImages } from './index';

function imageKeys(set: ImageSet): string[] {
  const size = set.height * set.width;
  return Array.from({ length: set.count }, (_, i) =>
    Buffer.from(set.images.subarray(i * size, (i + 1) * size)).toString('base64'),
  );
}

describe('judge and generator image pools', () => {
  it('never give the generator a pairing target the judge trains or is tested on', async () => {
    const dir = sampleDataDir();
    const judge = await loadJudgeImages(dir);
    const pairs = await loadGeneratorDigitPairs({ dir });
    // Compared by pixel content, so the check does not depend on how subsets number their images.
    const judgeImages = new Set([...imageKeys(judge.train), ...imageKeys(judge.heldOut)]);
    const targets = [...imageKeys(pairs.train.images), ...imageKeys(pairs.test.images)];
    expect(judgeImages.size).toBeGreaterThan(100);
    expect(targets.length).toBeGreaterThan(100);
    expect(targets.filter((key) => judgeImages.has(key))).toEqual([]);
    // And the generator's own train and test targets are disjoint too.
    const testTargets = new Set(imageKeys(pairs.test.images));
    expect(imageKeys(pairs.train.images).filter((key) => testTargets.has(key))).toEqual([]);
  });
});
