import { describe, expect, it } from 'vitest';
import {
  accuracyOf,
  confusionMatrix,
  frechetDistance,
  meanAcrossRepeatsL2,
  meanAndCovariance,
  meanPairwiseL2,
  meanWithinClassL2,
  perClassAccuracy,
  symmetricEigen,
} from './metrics';

function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('confusion and accuracy', () => {
  it('counts true x predicted and agrees with accuracy and per-class accuracy', () => {
    const truth = [0, 0, 1, 1, 1, 2];
    const predicted = [0, 1, 1, 1, 2, 2];
    const matrix = confusionMatrix(truth, predicted, 3);
    expect(matrix).toEqual([
      [1, 1, 0],
      [0, 2, 1],
      [0, 0, 1],
    ]);
    expect(accuracyOf(truth, predicted)).toBeCloseTo(4 / 6, 12);
    expect(perClassAccuracy(matrix)).toEqual([0.5, 2 / 3, 1]);
    expect(
      perClassAccuracy([
        [0, 0],
        [0, 3],
      ]),
    ).toEqual([null, 1]);
  });

  it('rejects labels outside the classes and length mismatches', () => {
    expect(() => confusionMatrix([0, 10], [0, 1])).toThrow(RangeError);
    expect(() => confusionMatrix([0], [0, 1])).toThrow(RangeError);
  });
});

describe('meanPairwiseL2', () => {
  it('averages Euclidean distances over unordered pairs', () => {
    // Rows (0,0), (3,4), (6,8): distances 5, 10, 5.
    const data = Float32Array.from([0, 0, 3, 4, 6, 8]);
    expect(meanPairwiseL2(data, 2, [0, 1, 2])).toBeCloseTo(20 / 3, 6);
    expect(meanPairwiseL2(data, 2, [1])).toBe(0);
    expect(meanPairwiseL2(Float32Array.from([0.5, 0.5, 0.5, 0.5]), 2, [0, 1])).toBe(0);
  });
});

describe('symmetricEigen', () => {
  it('finds the eigenvalues of a known symmetric matrix', () => {
    // [[2,1],[1,2]] has eigenvalues 1 and 3.
    const { values } = symmetricEigen(Float64Array.from([2, 1, 1, 2]), 2);
    expect([...values].sort((a, b) => a - b).map((v) => Number(v.toFixed(10)))).toEqual([1, 3]);
  });

  it('reconstructs a random symmetric matrix from its eigenpairs', () => {
    const dim = 12;
    const random = seeded(3);
    const m = new Float64Array(dim * dim);
    for (let i = 0; i < dim; i++) {
      for (let j = i; j < dim; j++) {
        const v = random() - 0.5;
        m[i * dim + j] = v;
        m[j * dim + i] = v;
      }
    }
    const { values, vectors } = symmetricEigen(m, dim);
    for (let i = 0; i < dim; i++) {
      for (let j = 0; j < dim; j++) {
        let s = 0;
        for (let k = 0; k < dim; k++) s += vectors[i * dim + k]! * values[k]! * vectors[j * dim + k]!;
        expect(s).toBeCloseTo(m[i * dim + j]!, 9);
      }
    }
  });
});

describe('frechetDistance', () => {
  const dim = 6;
  const n = 400;
  const random = seeded(7);
  const a = new Float32Array(n * dim);
  for (let i = 0; i < a.length; i++) a[i] = random() * (1 + (i % dim));

  it('is ~0 for a set against itself', () => {
    expect(frechetDistance({ features: a, count: n }, { features: a, count: n }, dim)).toBeLessThan(1e-6);
  });

  it('is |mu|^2 + Tr(S) for a set against twice itself (closed form)', () => {
    // B = 2A: mu_B = 2 mu_A, S_B = 4 S_A, so FD = |mu_A|^2 + Tr(S_A + 4 S_A - 2 * 2 S_A) = |mu_A|^2 + Tr(S_A).
    const b = Float32Array.from(a, (v) => 2 * v);
    const { mean, cov } = meanAndCovariance(a, n, dim);
    let expected = 0;
    for (let j = 0; j < dim; j++) expected += mean[j]! ** 2 + cov[j * dim + j]!;
    expect(frechetDistance({ features: a, count: n }, { features: b, count: n }, dim)).toBeCloseTo(
      expected,
      3,
    );
  });

  it('is the squared mean shift for a translated copy', () => {
    const b = Float32Array.from(a, (v, i) => v + (i % dim === 0 ? 3 : 0));
    expect(frechetDistance({ features: a, count: n }, { features: b, count: n }, dim)).toBeCloseTo(9, 3);
  });
});

describe('metrics for any class count (5 classes, 3 channels)', () => {
  it('confusion is 5 x 5, per-class accuracy has 5 entries', () => {
    const truth = [0, 1, 2, 3, 4, 4, 4, 2];
    const predicted = [0, 1, 2, 3, 4, 0, 4, 3];
    const matrix = confusionMatrix(truth, predicted, 5);
    expect(matrix).toHaveLength(5);
    expect(matrix.every((row) => row.length === 5)).toBe(true);
    expect(matrix[4]).toEqual([1, 0, 0, 0, 2]);
    expect(perClassAccuracy(matrix)).toEqual([1, 1, 0.5, 1, 2 / 3]);
    expect(() => confusionMatrix([5], [0], 5)).toThrow(RangeError);
  });

  it('within-class L2 runs over pixels x channels and averages over classes with two or more rows', () => {
    // Rows of 2 pixels x 3 channels; class 0: rows 0 and 2 differ by 1 in all 6 values (L2 sqrt 6);
    // class 3: rows 1 and 3 differ by 2 in one value (L2 2); class 1 has one row, classes 2 and 4 none.
    const size = 6;
    const data = new Float32Array(5 * size);
    data.fill(1, 2 * size, 3 * size);
    data[3 * size + 4] = 2;
    const labels = [0, 3, 0, 3, 1];
    expect(meanWithinClassL2(data, size, labels, 5)).toBeCloseTo((Math.sqrt(6) + 2) / 2, 6);
    expect(meanWithinClassL2(data, size, [0, 1, 2, 3, 4], 5)).toBe(0);
    expect(() => meanWithinClassL2(data, size, [0, 1, 2, 3, 5], 5)).toThrow(RangeError);
  });

  it('across-repeat L2 averages each item over its versions', () => {
    // Two items of one value each, three repeats: item 0 at 0, 3, 6 (mean pair distance 4), item 1 always 1.
    const repeats = [Float32Array.of(0, 1), Float32Array.of(3, 1), Float32Array.of(6, 1)];
    expect(meanAcrossRepeatsL2(repeats, 1, 2)).toBeCloseTo(4 / 2, 6);
    expect(meanAcrossRepeatsL2(repeats.slice(0, 1), 1, 2)).toBe(0);
  });

  it('Frechet distance works on any feature size (here 3)', () => {
    const random = seeded(11);
    const a = Float32Array.from({ length: 300 }, () => random());
    const b = Float32Array.from(a, (v, i) => v + (i % 3 === 1 ? 2 : 0));
    expect(frechetDistance({ features: a, count: 100 }, { features: b, count: 100 }, 3)).toBeCloseTo(4, 3);
  });
});
