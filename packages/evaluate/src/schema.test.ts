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

describe('report schema v1', () => {
  it('accepts a consistent report, also after a JSON round trip', () => {
    const report = validReport();
    expect(validateReport(JSON.parse(JSON.stringify(report)))).toEqual(report);
  });

  it.each([
    ['a missing field', (r: Record<string, unknown>) => delete r.frechetDistance, /report\.frechetDistance/],
    ['another schema version', (r: Record<string, unknown>) => (r.schemaVersion = 2), /schemaVersion/],
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
