/**
 * Pure metric functions over plain arrays (no tensors), so they are exact, cheap to test and independent
 * of the tfjs backend.
 */

/** `matrix[true][predicted]` counts. */
export function confusionMatrix(
  trueLabels: ArrayLike<number>,
  predicted: ArrayLike<number>,
  numClasses = 10,
): number[][] {
  if (trueLabels.length !== predicted.length) {
    throw new RangeError(`confusionMatrix: ${trueLabels.length} labels but ${predicted.length} predictions.`);
  }
  const matrix = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  for (let i = 0; i < trueLabels.length; i++) {
    const t = trueLabels[i]!;
    const p = predicted[i]!;
    if (t < 0 || t >= numClasses || p < 0 || p >= numClasses) {
      throw new RangeError(`confusionMatrix: label ${t} or prediction ${p} is outside 0..${numClasses - 1}.`);
    }
    matrix[t]![p]! += 1;
  }
  return matrix;
}

/** Share of correct predictions (0 for no items). */
export function accuracyOf(trueLabels: ArrayLike<number>, predicted: ArrayLike<number>): number {
  let correct = 0;
  for (let i = 0; i < trueLabels.length; i++) if (trueLabels[i] === predicted[i]) correct++;
  return trueLabels.length === 0 ? 0 : correct / trueLabels.length;
}

/** Per-class accuracy from a confusion matrix; `null` for a class with no items. */
export function perClassAccuracy(matrix: readonly (readonly number[])[]): (number | null)[] {
  return matrix.map((row, c) => {
    const total = row.reduce((a, b) => a + b, 0);
    return total === 0 ? null : row[c]! / total;
  });
}

/**
 * Mean Euclidean distance over all unordered pairs of the given row indices of `data` (rows of length
 * `size`). 0 when fewer than two rows.
 */
export function meanPairwiseL2(data: Float32Array, size: number, rows: readonly number[]): number {
  let sum = 0;
  let pairs = 0;
  for (let a = 0; a < rows.length; a++) {
    const offsetA = rows[a]! * size;
    for (let b = a + 1; b < rows.length; b++) {
      const offsetB = rows[b]! * size;
      let d = 0;
      for (let k = 0; k < size; k++) {
        const diff = data[offsetA + k]! - data[offsetB + k]!;
        d += diff * diff;
      }
      sum += Math.sqrt(d);
      pairs++;
    }
  }
  return pairs === 0 ? 0 : sum / pairs;
}

/**
 * Mean pairwise L2 between the rows of the same label, averaged over the labels that have at least two
 * rows (0 when none has). Rows are `size` values each (pixels x channels), labels `0..numClasses-1`.
 */
export function meanWithinClassL2(
  data: Float32Array,
  size: number,
  labels: ArrayLike<number>,
  numClasses: number,
): number {
  if (data.length !== labels.length * size) {
    throw new RangeError(`meanWithinClassL2: ${labels.length} labels but ${data.length / size} rows.`);
  }
  const groups: number[][] = Array.from({ length: numClasses }, () => []);
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!;
    if (!(label >= 0 && label < numClasses)) {
      throw new RangeError(`meanWithinClassL2: label ${label} is outside 0..${numClasses - 1}.`);
    }
    groups[label]!.push(i);
  }
  const values = groups
    .filter((group) => group.length >= 2)
    .map((group) => meanPairwiseL2(data, size, group));
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}

/**
 * Diversity across repeated generations: for each item, the mean pairwise L2 between its versions in
 * `repeats` (each `count` rows of `size` values, same item order), averaged over items. 0 for fewer than
 * two repeats.
 */
export function meanAcrossRepeatsL2(repeats: readonly Float32Array[], size: number, count: number): number {
  if (repeats.length < 2 || count === 0) return 0;
  for (const r of repeats) {
    if (r.length !== count * size) {
      throw new RangeError(`meanAcrossRepeatsL2: expected ${count} x ${size} values, got ${r.length}.`);
    }
  }
  const stacked = new Float32Array(repeats.length * size);
  const rows = repeats.map((_, r) => r);
  let sum = 0;
  for (let i = 0; i < count; i++) {
    repeats.forEach((g, r) => {
      stacked.set(g.subarray(i * size, (i + 1) * size), r * size);
    });
    sum += meanPairwiseL2(stacked, size, rows);
  }
  return sum / count;
}

/** Mean vector and (unbiased, n-1) covariance of `n` rows of `dim` features. */
export function meanAndCovariance(
  features: Float32Array,
  n: number,
  dim: number,
): { mean: Float64Array; cov: Float64Array } {
  if (features.length !== n * dim) {
    throw new RangeError(`meanAndCovariance: expected ${n} x ${dim} values, got ${features.length}.`);
  }
  const mean = new Float64Array(dim);
  for (let i = 0; i < n; i++) for (let j = 0; j < dim; j++) mean[j]! += features[i * dim + j]!;
  for (let j = 0; j < dim; j++) mean[j]! /= Math.max(1, n);
  const cov = new Float64Array(dim * dim);
  const centred = new Float64Array(dim);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < dim; j++) centred[j] = features[i * dim + j]! - mean[j]!;
    for (let a = 0; a < dim; a++) {
      const ca = centred[a]!;
      if (ca === 0) continue;
      for (let b = a; b < dim; b++) cov[a * dim + b]! += ca * centred[b]!;
    }
  }
  const denominator = Math.max(1, n - 1);
  for (let a = 0; a < dim; a++) {
    for (let b = a; b < dim; b++) {
      const v = cov[a * dim + b]! / denominator;
      cov[a * dim + b] = v;
      cov[b * dim + a] = v;
    }
  }
  return { mean, cov };
}

/**
 * Eigenvalues and eigenvectors of a symmetric matrix by cyclic Jacobi rotations. Exact enough (1e-12
 * off-diagonal) and plenty fast for the 64-128 feature dimensions used here.
 */
export function symmetricEigen(
  matrix: Float64Array,
  dim: number,
): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(matrix);
  const v = new Float64Array(dim * dim);
  for (let i = 0; i < dim; i++) v[i * dim + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let scale = 0;
    for (let p = 0; p < dim; p++) {
      scale += a[p * dim + p]! * a[p * dim + p]!;
      for (let q = p + 1; q < dim; q++) off += a[p * dim + q]! * a[p * dim + q]!;
    }
    if (off <= 1e-24 * Math.max(scale, 1e-300)) break;
    for (let p = 0; p < dim; p++) {
      for (let q = p + 1; q < dim; q++) {
        const apq = a[p * dim + q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const app = a[p * dim + p]!;
        const aqq = a[q * dim + q]!;
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < dim; k++) {
          const akp = a[k * dim + p]!;
          const akq = a[k * dim + q]!;
          a[k * dim + p] = c * akp - s * akq;
          a[k * dim + q] = s * akp + c * akq;
        }
        for (let k = 0; k < dim; k++) {
          const apk = a[p * dim + k]!;
          const aqk = a[q * dim + k]!;
          a[p * dim + k] = c * apk - s * aqk;
          a[q * dim + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < dim; k++) {
          const vkp = v[k * dim + p]!;
          const vkq = v[k * dim + q]!;
          v[k * dim + p] = c * vkp - s * vkq;
          v[k * dim + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const values = new Float64Array(dim);
  for (let i = 0; i < dim; i++) values[i] = a[i * dim + i]!;
  return { values, vectors: v };
}

function multiply(a: Float64Array, b: Float64Array, dim: number): Float64Array {
  const out = new Float64Array(dim * dim);
  for (let i = 0; i < dim; i++) {
    for (let k = 0; k < dim; k++) {
      const aik = a[i * dim + k]!;
      if (aik === 0) continue;
      for (let j = 0; j < dim; j++) out[i * dim + j]! += aik * b[k * dim + j]!;
    }
  }
  return out;
}

/** Symmetric PSD square root via eigen-decomposition (negative round-off eigenvalues clamp to 0). */
function sqrtPsd(matrix: Float64Array, dim: number): Float64Array {
  const { values, vectors } = symmetricEigen(matrix, dim);
  const scaled = new Float64Array(dim * dim);
  for (let i = 0; i < dim; i++) {
    for (let j = 0; j < dim; j++)
      scaled[i * dim + j] = vectors[i * dim + j]! * Math.sqrt(Math.max(0, values[j]!));
  }
  const out = new Float64Array(dim * dim);
  for (let i = 0; i < dim; i++) {
    for (let j = 0; j < dim; j++) {
      let s = 0;
      for (let k = 0; k < dim; k++) s += scaled[i * dim + k]! * vectors[j * dim + k]!;
      out[i * dim + j] = s;
    }
  }
  return out;
}

/**
 * Frechet distance between two Gaussians fitted to feature rows (the FID formula):
 * `|mu1 - mu2|^2 + Tr(S1 + S2 - 2 (S1 S2)^(1/2))`. `Tr((S1 S2)^(1/2))` is computed as
 * `Tr((sqrt(S1) S2 sqrt(S1))^(1/2))`, which is symmetric PSD, so no complex square roots are needed.
 */
export function frechetDistance(
  a: { features: Float32Array; count: number },
  b: { features: Float32Array; count: number },
  dim: number,
): number {
  const first = meanAndCovariance(a.features, a.count, dim);
  const second = meanAndCovariance(b.features, b.count, dim);
  let meanTerm = 0;
  for (let j = 0; j < dim; j++) meanTerm += (first.mean[j]! - second.mean[j]!) ** 2;
  const root = sqrtPsd(first.cov, dim);
  const inner = multiply(multiply(root, second.cov, dim), root, dim);
  // Symmetrise away round-off before the eigen-solve.
  for (let i = 0; i < dim; i++) {
    for (let j = i + 1; j < dim; j++) {
      const m = (inner[i * dim + j]! + inner[j * dim + i]!) / 2;
      inner[i * dim + j] = m;
      inner[j * dim + i] = m;
    }
  }
  const { values } = symmetricEigen(inner, dim);
  let traceSqrt = 0;
  for (const v of values) traceSqrt += Math.sqrt(Math.max(0, v));
  let trace = 0;
  for (let i = 0; i < dim; i++) trace += first.cov[i * dim + i]! + second.cov[i * dim + i]!;
  // Round-off can make an exact match land a hair below zero.
  return Math.max(0, meanTerm + trace - 2 * traceSqrt);
}
