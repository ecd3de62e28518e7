import type { EvaluationReport } from './schema';

const percent = (v: number | null) => (v === null ? '   -  ' : `${(v * 100).toFixed(1).padStart(5)}%`);

const DIGITS = Array.from({ length: 10 }, (_, d) => String(d));

/** The class names of a report: its `classes`, else (version 1) the digits. */
export function reportClasses(report: EvaluationReport): string[] {
  return report.classes ?? DIGITS;
}

/** True for a digit report (version 1, or classes '0'..'9'), which keeps the compact digit tables. */
function isDigitReport(classes: readonly string[]): boolean {
  return classes.length === 10 && classes.every((name, d) => name === String(d));
}

/** Digits: one column per digit, as before classes existed. */
function digitTables(report: EvaluationReport, lines: string[]): void {
  lines.push(`digit      ${DIGITS.map((d) => d.padStart(6)).join(' ')}    all`);
  lines.push(`accuracy   ${report.perDigit.map(percent).join(' ')} ${percent(report.accuracy)}`);
  lines.push('');
  lines.push('confusion (rows: spoken, columns: judged)');
  lines.push(`      ${DIGITS.map((d) => d.padStart(4)).join('')}`);
  report.confusion.forEach((row, d) => {
    lines.push(`  ${String(d).padStart(2)}  ${row.map((v) => String(v).padStart(4)).join('')}`);
  });
}

/** Named classes: one row per class (names can be long), confusion columns numbered with a legend. */
function classTables(report: EvaluationReport, classes: readonly string[], lines: string[]): void {
  const nameWidth = Math.max(5, ...classes.map((name) => name.length));
  const cell = Math.max(4, String(report.testRecordings).length + 1);
  lines.push(
    `${'class'.padEnd(nameWidth)}  accuracy  judged as: ${classes.map((_, j) => String(j).padStart(cell)).join('')}`,
  );
  report.confusion.forEach((row, i) => {
    lines.push(
      `${classes[i]!.padEnd(nameWidth)}  ${percent(report.perDigit[i] ?? null).padStart(8)}  ${''.padStart(11)}` +
        row.map((v) => String(v).padStart(cell)).join(''),
    );
  });
  lines.push(`${'all'.padEnd(nameWidth)}  ${percent(report.accuracy).padStart(8)}`);
  lines.push(
    `(rows: the recording's class; columns: judged as ${classes.map((n, j) => `${j} ${n}`).join(', ')})`,
  );
}

/** The report as a plain-text table for a terminal. */
export function formatReport(report: EvaluationReport): string {
  const lines: string[] = [];
  const j = report.judge;
  const classes = reportClasses(report);
  const digits = isDigitReport(classes);
  const shape = report.imageShape ? ` (${report.imageShape.join('x')})` : '';
  lines.push(
    `${report.model.kind} (${report.model.preset ?? 'custom'}) on the ${report.split} split, ${report.testRecordings} test recordings, backend ${report.backend}`,
  );
  lines.push(
    `judge: ${percent(j.heldOutAccuracy).trim()} on ${j.heldOutImages} real held-out ${digits ? 'digits' : `pictures${shape}`} ` +
      `(${j.trainImages} training images, ${j.imagePolicy}, ${j.fromCache ? 'cached' : 'trained now'}` +
      `${j.stoppedEarly ? ', STOPPED EARLY' : ''})`,
  );
  if (report.heardAccuracy !== undefined && report.heardAccuracy !== null) {
    lines.push(
      `heard: the model's own audio classifier hears ${percent(report.heardAccuracy).trim()} of the recordings right; the judge reads ${percent(report.accuracy).trim()} of the pictures as the spoken ${digits ? 'digit' : 'class'}`,
    );
  }
  if (report.heard === 'most-likely') {
    lines.push("drawn from: the most likely class the model's audio classifier heard (heard: 'most-likely')");
  }
  if (j.disjointFromGeneratorTargets === false) {
    lines.push(
      'note: this run paired with images the judge may also have trained on (see the evaluate README).',
    );
  }
  lines.push('');
  if (digits) digitTables(report, lines);
  else classTables(report, classes, lines);
  lines.push('');
  const what = digits ? 'digit' : 'class';
  const rows: [string, string][] = [
    ['Frechet distance (judge features)', report.frechetDistance.toFixed(2)],
    [
      `diversity within ${what} (L2)`,
      `${report.diversity.withinDigit.toFixed(2)} (real ${digits ? 'digits' : 'pictures'}: ${report.diversity.realWithinDigit.toFixed(2)})`,
    ],
    [
      'diversity across noise (L2)',
      report.diversity.acrossNoise === null
        ? 'n/a (no noise)'
        : `${report.diversity.acrossNoise.toFixed(2)} (${report.diversity.repeats} draws)`,
    ],
    ['ms per recording, single', report.speed.singleMsPerRecording.toFixed(2)],
    [`ms per recording, batch of ${report.speed.batchSize}`, report.speed.batchedMsPerRecording.toFixed(2)],
  ];
  for (const [name, value] of rows) lines.push(`${name.padEnd(36)} ${value}`);
  lines.push('');
  lines.push(`wrote ${report.files.report} and ${report.files.confusionPng}`);
  return `${lines.join('\n')}\n`;
}
