import { describe, expect, it } from 'vitest';
import { ReportSchemaError } from './errors';
import { type EvaluationReport, REPORT_SCHEMA_VERSION, validateReport } from './schema';

function validReport(): EvaluationReport {
  const confusion: number[][] = Array.from({ length: 10 }, (_, i) =>
    Array.from({ length: 10 }, (_, j) => (i === j ? 3 : 0)),
  );
  confusion[4]![9] = 1;
  confusion[4]![4] = 2;
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    createdAt: '2026-11-25T15:00:00.000Z',
    model: { dir: '/runs/cgan/checkpoints/latest', kind: 'cgan', preset: 'small' },
    split: 'speakers:theo',
    backend: 'wasm',
    classes: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    imageShape: [28, 28, 1],
    judge: {
      cacheKey: 'abc',
      imagePolicy: 't10k-held-apart',
      trainImages: 5000,
      heldOutImages: 1000,
      heldOutAccuracy: 0.975,
      fromCache: true,
      stoppedEarly: false,
      disjointFromGeneratorTargets: true,
    },
    testRecordings: 30,
    accuracy: 29 / 30,
    perDigit: [1, 1, 1, 1, 2 / 3, 1, 1, 1, 1, 1],
    confusion,
    diversity: { withinDigit: 6.1, realWithinDigit: 9.8, acrossNoise: null, repeats: 1 },
    frechetDistance: 12.5,
    speed: { singleMsPerRecording: 3.2, batchedMsPerRecording: 0.4, batchSize: 30 },
    files: { report: '/runs/cgan/report.json', confusionPng: '/runs/cgan/confusion.png' },
  };
}

/** A version-1 report as evaluate() wrote it before classes existed: no `classes`, no `imageShape`. */
function versionOneReport(): Record<string, unknown> {
  const { classes: _classes, imageShape: _shape, ...rest } = validReport();
  return { ...rest, schemaVersion: 1 };
}

/** A version-2 report of 5 named colour-picture classes, 64 x 64 x 3. */
function classReport(): EvaluationReport {
  const confusion: number[][] = Array.from({ length: 5 }, (_, i) =>
    Array.from({ length: 5 }, (_, j) => (i === j ? 4 : 0)),
  );
  confusion[2]![2] = 3;
  confusion[2]![0] = 1;
  return {
    ...validReport(),
    split: 'fraction:0.2:0',
    classes: ['beach', 'rain', 'forest', 'street', 'fire'],
    imageShape: [64, 64, 3],
    testRecordings: 20,
    accuracy: 19 / 20,
    perDigit: [1, 1, 0.75, 1, 1],
    confusion,
  };
}

describe('report schema v2 (and v1)', () => {
  it('accepts a consistent report, also after a JSON round trip', () => {
    const report = validReport();
    expect(report.schemaVersion).toBe(2);
    expect(validateReport(JSON.parse(JSON.stringify(report)))).toEqual(report);
  });

  it('still accepts a version-1 report (10 digits, no classes or image shape)', () => {
    const old = versionOneReport();
    expect(validateReport(JSON.parse(JSON.stringify(old)))).toEqual(old);
    // Version 1 stays 10 x 10: five classes without names are not a version-1 report.
    const short = { ...old, ...classReport(), schemaVersion: 1 } as Record<string, unknown>;
    delete short.classes;
    expect(() => validateReport(short)).toThrow(/report\.perDigit/);
  });

  it('accepts a 5-class colour report whose confusion is 5 x 5', () => {
    const report = classReport();
    expect(validateReport(JSON.parse(JSON.stringify(report)))).toEqual(report);
  });

  it.each([
    ['no classes', (r: Record<string, unknown>) => delete r.classes, /report\.classes/],
    ['no image shape', (r: Record<string, unknown>) => delete r.imageShape, /report\.imageShape/],
    ['one class', (r: EvaluationReport) => (r.classes = ['beach']), /report\.classes/],
    ['duplicate names', (r: EvaluationReport) => (r.classes![1] = 'beach'), /distinct/],
    ['an empty name', (r: EvaluationReport) => (r.classes![4] = ''), /classes\[4\]/],
    ['two channels', (r: EvaluationReport) => (r.imageShape = [64, 64, 2]), /imageShape\[2\]/],
    [
      'a 10 x 10 confusion for 5 classes',
      (r: EvaluationReport) => (r.confusion = validReport().confusion),
      /confusion/,
    ],
    ['6 per-class accuracies for 5 classes', (r: EvaluationReport) => r.perDigit.push(1), /perDigit/],
  ] as const)('rejects a class report with %s', (_name, mutate, message) => {
    const report = classReport();
    (mutate as (r: unknown) => void)(report);
    expect(() => validateReport(report)).toThrow(ReportSchemaError);
    expect(() => validateReport(report)).toThrow(message);
  });

  it.each([
    ['a missing field', (r: Record<string, unknown>) => delete r.frechetDistance, /report\.frechetDistance/],
    ['another schema version', (r: Record<string, unknown>) => (r.schemaVersion = 3), /schemaVersion/],
    ['an accuracy above 1', (r: Record<string, unknown>) => (r.accuracy = 1.5), /report\.accuracy/],
    ['a 9-row confusion', (r: EvaluationReport) => r.confusion.pop(), /report\.confusion/],
    ['a non-integer count', (r: EvaluationReport) => (r.confusion[0]![0] = 2.5), /confusion\[0\]\[0\]/],
    ['a bad split label', (r: Record<string, unknown>) => (r.split = 'theo'), /report\.split/],
    ['a negative distance', (r: Record<string, unknown>) => (r.frechetDistance = -1), /frechetDistance/],
    ['a NaN diversity', (r: EvaluationReport) => (r.diversity.withinDigit = Number.NaN), /withinDigit/],
    ['confusion not summing to the recordings', (r: EvaluationReport) => (r.testRecordings = 31), /sum/],
    ['accuracy disagreeing with the diagonal', (r: EvaluationReport) => (r.accuracy = 1), /diagonal/],
  ] as const)('rejects %s, naming the field', (_name, mutate, message) => {
    const report = validReport();
    (mutate as (r: unknown) => void)(report);
    expect(() => validateReport(report)).toThrow(ReportSchemaError);
    expect(() => validateReport(report)).toThrow(message);
  });
});
