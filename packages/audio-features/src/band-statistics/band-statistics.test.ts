import { InvalidOptionError } from '@ifa/core';
import { describe, expect, it } from 'vitest';
import { bandStatistics, normaliseBands, normaliseBandsByGroup } from './index';

// Two 2 x 3 images (rows are bands): image 0 rows [1,2,3] and [0,0,3]; image 1 rows [5,5,5] and [1,1,1].
const stack = () => ({ data: Float32Array.from([1, 2, 3, 0, 0, 3, 5, 5, 5, 1, 1, 1]), height: 2, width: 3 });
const close = (got: number[], want: number[]) => {
  for (const [i, w] of want.entries()) expect(got[i]).toBeCloseTo(w, 5);
};

describe('bandStatistics', () => {
  it("gives each band's mean and deviation over frames and images, the deviation floored by 1e-3", () => {
    const one = bandStatistics(stack(), [0]);
    close(one.means, [2, 1]);
    close(one.stds, [Math.sqrt(2 / 3) + 1e-3, Math.sqrt(2) + 1e-3]);
    const both = bandStatistics(stack());
    close(both.means, [21 / 6, 1]);
    close(bandStatistics(stack(), [1]).stds, [1e-3, 1e-3]);
  });

  it('names the bad value', () => {
    expect(() => bandStatistics({ ...stack(), width: 5 })).toThrow(/stack.data.*multiple of 10/);
    expect(() => bandStatistics(stack(), [])).toThrow(InvalidOptionError);
    expect(() => bandStatistics(stack(), [2])).toThrow(/index in 0..1/);
  });
});

describe('normaliseBands', () => {
  it('maps the picked images from one set of band statistics to another', () => {
    const s = stack();
    const from = bandStatistics(s, [0]);
    const to = { means: [10, -1], stds: [2, 0.5] };
    normaliseBands(s, from, to, [0]);
    const after = bandStatistics(s, [0]);
    close(after.means, to.means);
    // Floors aside, the deviation becomes the target's.
    close(
      after.stds.map((d) => d - 1e-3),
      [2 - (2 * 1e-3) / from.stds[0]!, 0.5 - (0.5 * 1e-3) / from.stds[1]!],
    );
    // Image 1 is untouched.
    expect(Array.from(s.data.subarray(6))).toEqual([5, 5, 5, 1, 1, 1]);
  });

  it('refuses statistics of the wrong length, non-finite means or non-positive deviations', () => {
    const ok = { means: [0, 0], stds: [1, 1] };
    expect(() => normaliseBands(stack(), { means: [1], stds: [1, 1] }, ok)).toThrow(/from.means.*2 finite/);
    expect(() => normaliseBands(stack(), ok, { means: [0, Number.NaN], stds: [1, 1] })).toThrow(/to.means/);
    expect(() => normaliseBands(stack(), ok, { means: [0, 0], stds: [1, 0] })).toThrow(/to.stds.*positive/);
  });
});

describe('normaliseBandsByGroup', () => {
  it('gives every group the reference statistics, and returns the reference', () => {
    const s = stack();
    const reference = { means: [0.5, 0.25], stds: [0.1, 0.2] };
    expect(normaliseBandsByGroup(s, ['a', 'b'], reference)).toEqual(reference);
    close(bandStatistics(s, [0]).means, reference.means);
    close(bandStatistics(s, [1]).means, reference.means);
    // Within an image, the order of the frames is kept: band 0 of image 0 still rises.
    const [a, b, c] = s.data.subarray(0, 3);
    expect(a! < b! && b! < c!).toBe(true);
  });

  it('defaults the reference to the statistics of all the images, and moves one group as a whole', () => {
    const s = stack();
    const all = bandStatistics(stack());
    const reference = normaliseBandsByGroup(s, ['a', 'a']);
    expect(reference).toEqual(all);
    close(bandStatistics(s).means, all.means);
    expect(Array.from(s.data)).toEqual(Array.from(stack().data).map((v) => Math.fround(v)));
  });

  it('needs one group name per image', () => {
    expect(() => normaliseBandsByGroup(stack(), ['a'])).toThrow(/one group name per image \(2\)/);
  });
});
