import { describe, expect, it } from 'vitest';
import { InvalidOptionError, UnpairableLabelError } from '../errors';
import type { ImageSet } from '../mnist';
import { reconstructionFloor } from './index';

// Five 1 x 2 images. In [0, 1] units: class 0 is [0, 0] and [1, 0]; class 1 is [0, 1], [0, 1], [1, 1].
const pool: ImageSet = {
  images: Uint8Array.from([0, 0, 255, 0, 0, 255, 0, 255, 255, 255]),
  labels: Uint8Array.from([0, 0, 1, 1, 1]),
  count: 5,
  height: 1,
  width: 2,
};

describe('reconstructionFloor', () => {
  it('is the class-weighted within-class spread, worked out by hand', () => {
    // Class 0: mean [0.5, 0]; both images are 0.5 away in one pixel: spread 0.25.
    // Class 1: mean [1/3, 1]; distances^2 1/9, 1/9, 4/9: spread 6/27 = 2/9.
    // Weights from the pool itself: 2/5 and 3/5, so 0.4 * 0.25 + 0.6 * 2/9 = 0.1 + 2/15.
    const floor = reconstructionFloor(pool);
    expect(floor.perSample).toBeCloseTo(0.1 + 2 / 15, 12);
    expect(floor.perClass).toHaveLength(2);
    expect(floor.perClass[0]).toMatchObject({ label: 0, images: 2, weight: 0.4 });
    expect(floor.perClass[0]!.spread).toBeCloseTo(0.25, 12);
    expect(floor.perClass[1]).toMatchObject({ label: 1, images: 3, weight: 0.6 });
    expect(floor.perClass[1]!.spread).toBeCloseTo(2 / 9, 12);
  });

  it('weights classes by the items that draw the targets', () => {
    // Three recordings of 0, one of 1: 0.75 * 0.25 + 0.25 * 2/9.
    const floor = reconstructionFloor(pool, { classWeights: { labels: [0, 0, 0, 1] } });
    expect(floor.perSample).toBeCloseTo(0.1875 + 1 / 18, 12);
  });

  it('takes the pool from image indices, repeats counted (a one-to-one pairing)', () => {
    // Class 0 targets [0, 0], [1, 0], [1, 0]: mean [2/3, 0], distances^2 4/9, 1/9, 1/9: spread 2/9.
    // Class 1 targets [0, 1], [1, 1]: mean [0.5, 1]: spread 0.25. Weights 3/5, 2/5.
    const floor = reconstructionFloor(pool, { imageIndices: [0, 1, 1, 2, 4] });
    expect(floor.perSample).toBeCloseTo(0.6 * (2 / 9) + 0.4 * 0.25, 12);
    // One image per class: nothing left to guess.
    expect(reconstructionFloor(pool, { imageIndices: [1, 3] }).perSample).toBe(0);
  });

  it('refuses a weighted class without images and indices outside the set', () => {
    expect(() => reconstructionFloor(pool, { classWeights: { labels: [0, 2] } })).toThrow(
      UnpairableLabelError,
    );
    expect(() => reconstructionFloor(pool, { imageIndices: [5] })).toThrow(InvalidOptionError);
  });
});
