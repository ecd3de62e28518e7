import { HEARD_CONDITIONS, type HeardCondition } from '@ifa/models';
import { ReportSchemaError } from './errors';

/**
 * The `report.json` that `evaluate()` writes, versioned so readers can refuse what they do not know.
 * Version 2 (written now) is version 1 for any classes of pictures: it adds `classes` (the class names by
 * label, `'0'`..`'9'` for digits) and `imageShape` (`[height, width, channels]` of the judged images), and
 * `perDigit`, `confusion` and the diversity fields then run over those classes (N entries, N x N counts,
 * L2 over height x width x channels values per image); the names stay for version-1 readers. Version-1
 * reports (always 10 digits of 28 x 28 x 1) still validate.
 *
 * Version 1:
 * - `accuracy` is the judge's digit accuracy on images generated from the split's test recordings,
 *   scored against the spoken digit; `perDigit[d]` the same for recordings of digit `d`;
 * - `confusion[spoken][judged]` counts those images;
 * - `diversity.withinDigit`: mean pairwise L2 (pixels in [0, 1], 784 per image) between images generated
 *   for different recordings of the same digit, averaged over digits; `realWithinDigit` is the same for
 *   real held-out digits, for scale; `acrossNoise` is the mean pairwise L2 between repeated generations
 *   from the same recording (null for a model without noise);
 * - `frechetDistance`: Frechet distance between the judge's penultimate features of real held-out digits
 *   and of the generated images;
 * - `speed`: generation only (no audio decoding), milliseconds per recording.
 */
export const REPORT_SCHEMA_VERSION = 2;

export interface EvaluationReport {
  /** 2 for reports written now; 1 for older digit reports (no `classes`, no `imageShape`). */
  schemaVersion: 1 | typeof REPORT_SCHEMA_VERSION;
  createdAt: string;
  model: { dir: string; kind: string; preset: string | null };
  /**
   * What a class-conditioned model drew from what its audio classifier heard (`GenerateOptions.heard` of
   * @ifa/models). Absent from reports written before the option, which drew from `'probabilities'`, and
   * meaningless for models without an audio classifier (the CGAN).
   */
  heard?: HeardCondition;
  /**
   * Share of the test recordings whose class the model's own audio classifier hears right (its argmax),
   * before anything is drawn; null for models without one (the CGAN, conditioning `'audio'`). Absent from
   * reports written before the field. `accuracy` below it is what drawing lost.
   */
  heardAccuracy?: number | null;
  /**
   * The split in its canonical text form: `'standard'`, `'speakers:NAME[,NAME...]'` or `'fraction:F[:SEED]'`
   * (older reports say `'speaker:NAME'`, still accepted).
   */
  split: string;
  backend: string;
  judge: {
    cacheKey: string;
    imagePolicy: string;
    trainImages: number;
    heldOutImages: number;
    heldOutAccuracy: number;
    fromCache: boolean;
    stoppedEarly: boolean;
    /** True when the run's pairing targets provably exclude the judge's images (see loadGeneratorDigitPairs). */
    disjointFromGeneratorTargets: boolean | null;
  };
  /** Class names by label (version 2; absent in version 1, where the classes are the digits 0-9). */
  classes?: string[];
  /** `[height, width, channels]` of the judged images (version 2; version 1: `[28, 28, 1]`). */
  imageShape?: [number, number, number];
  testRecordings: number;
  accuracy: number;
  /** Accuracy per class (per digit in version 1), `null` for a class without test recordings. */
  perDigit: (number | null)[];
  confusion: number[][];
  diversity: {
    withinDigit: number;
    realWithinDigit: number;
    acrossNoise: number | null;
    repeats: number;
  };
  frechetDistance: number;
  speed: { singleMsPerRecording: number; batchedMsPerRecording: number; batchSize: number };
  files: { report: string; confusionPng: string };
}

type Check = (value: unknown, path: string) => void;

function fail(path: string, expected: string, value: unknown): never {
  throw new ReportSchemaError(`report.json: ${path} should be ${expected}, got ${JSON.stringify(value)}.`);
}

const num: Check = (v, p) => {
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(p, 'a finite number', v);
};
const unit: Check = (v, p) => {
  num(v, p);
  if ((v as number) < 0 || (v as number) > 1) fail(p, 'a number in [0, 1]', v);
};
const nonNegative: Check = (v, p) => {
  num(v, p);
  if ((v as number) < 0) fail(p, 'a number >= 0', v);
};
const count: Check = (v, p) => {
  if (!Number.isSafeInteger(v) || (v as number) < 0) fail(p, 'an integer >= 0', v);
};
const str: Check = (v, p) => {
  if (typeof v !== 'string') fail(p, 'a string', v);
};
const bool: Check = (v, p) => {
  if (typeof v !== 'boolean') fail(p, 'a boolean', v);
};
const nullable =
  (check: Check): Check =>
  (v, p) => {
    if (v !== null) check(v, p);
  };
const object =
  (shape: Record<string, Check>): Check =>
  (v, p) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(p, 'an object', v);
    for (const [key, check] of Object.entries(shape)) {
      if (!(key in (v as object))) fail(`${p}.${key}`, 'present', undefined);
      check((v as Record<string, unknown>)[key], `${p}.${key}`);
    }
  };
const array =
  (length: number, check: Check): Check =>
  (v, p) => {
    if (!Array.isArray(v) || v.length !== length) fail(p, `an array of ${length}`, v);
    (v as unknown[]).forEach((item, i) => {
      check(item, `${p}[${i}]`);
    });
  };

const positive: Check = (v, p) => {
  if (!Number.isSafeInteger(v) || (v as number) < 1) fail(p, 'an integer >= 1', v);
};
const className: Check = (v, p) => {
  if (typeof v !== 'string' || v.length === 0) fail(p, 'a non-empty string', v);
};
const classNames: Check = (v, p) => {
  if (!Array.isArray(v) || v.length < 2) fail(p, 'an array of at least 2 class names', v);
  (v as unknown[]).forEach((item, i) => {
    className(item, `${p}[${i}]`);
  });
  if (new Set(v as string[]).size !== (v as string[]).length) fail(p, 'distinct class names', v);
};
const imageShape: Check = (v, p) => {
  array(3, positive)(v, p);
  const channels = (v as number[])[2];
  if (channels !== 1 && channels !== 3) fail(`${p}[2]`, '1 or 3 channels', channels);
};

/** The fields of both versions; `classes` sets the size of the per-class ones. */
const reportShape = (classes: number) =>
  object({
    schemaVersion: (v, p) => {
      if (v !== 1 && v !== REPORT_SCHEMA_VERSION) fail(p, `1 or ${REPORT_SCHEMA_VERSION}`, v);
    },
    createdAt: str,
    model: object({ dir: str, kind: str, preset: nullable(str) }),
    split: (v, p) => {
      if (typeof v !== 'string' || !/^(standard|speakers?:.+|fraction:.+)$/.test(v))
        fail(p, "'standard', 'speakers:NAME[,NAME...]' or 'fraction:F'", v);
    },
    backend: str,
    judge: object({
      cacheKey: str,
      imagePolicy: str,
      trainImages: count,
      heldOutImages: count,
      heldOutAccuracy: unit,
      fromCache: bool,
      stoppedEarly: bool,
      disjointFromGeneratorTargets: nullable(bool),
    }),
    testRecordings: count,
    accuracy: unit,
    perDigit: array(classes, nullable(unit)),
    confusion: array(classes, array(classes, count)),
    diversity: object({
      withinDigit: nonNegative,
      realWithinDigit: nonNegative,
      acrossNoise: nullable(nonNegative),
      repeats: count,
    }),
    frechetDistance: nonNegative,
    speed: object({
      singleMsPerRecording: nonNegative,
      batchedMsPerRecording: nonNegative,
      batchSize: count,
    }),
    files: object({ report: str, confusionPng: str }),
  });

/**
 * Checks that `value` is a version-2 report (types, ranges, `classes`, an N x N confusion for N classes)
 * or a version-1 one (10 x 10, no `classes`), and that its parts agree: the confusion matrix sums to
 * `testRecordings` and its diagonal gives `accuracy`. Throws {@link ReportSchemaError} naming the first
 * bad field.
 */
export function validateReport(value: unknown): EvaluationReport {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('report', 'an object', value);
  const fields = value as Record<string, unknown>;
  if ('heard' in fields && !(HEARD_CONDITIONS as readonly unknown[]).includes(fields.heard))
    fail('report.heard', HEARD_CONDITIONS.map((h) => `'${h}'`).join(' or '), fields.heard);
  if ('heardAccuracy' in fields && fields.heardAccuracy !== null)
    unit(fields.heardAccuracy, 'report.heardAccuracy');
  let classes = 10;
  if (fields.schemaVersion === REPORT_SCHEMA_VERSION) {
    for (const key of ['classes', 'imageShape'])
      if (!(key in fields)) fail(`report.${key}`, 'present', undefined);
    classNames(fields.classes, 'report.classes');
    imageShape(fields.imageShape, 'report.imageShape');
    classes = (fields.classes as string[]).length;
  }
  reportShape(classes)(value, 'report');
  const report = value as EvaluationReport;
  const total = report.confusion.flat().reduce((a, b) => a + b, 0);
  if (total !== report.testRecordings)
    fail('report.confusion', `counts summing to ${report.testRecordings}`, total);
  const diagonal = report.confusion.reduce((s, row, i) => s + row[i]!, 0);
  if (total > 0 && Math.abs(diagonal / total - report.accuracy) > 1e-9) {
    fail('report.accuracy', `the confusion diagonal share ${diagonal / total}`, report.accuracy);
  }
  return report;
}
