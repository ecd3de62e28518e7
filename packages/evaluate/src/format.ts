import type { EvaluationReport } from './schema';

const percent = (v: number | null) => (v === null ? '   -  ' : `${(v * 100).toFixed(1).padStart(5)}%`);

/** The report as a plain-text table for a terminal. */
export function formatReport(report: EvaluationReport): string {
  const lines: string[] = [];
  const j = report.judge;
  lines.push(
    `${report.model.kind} (${report.model.preset ?? 'custom'}) on the ${report.split} split, ${report.testRecordings} test recordings, backend ${report.backend}`,
  );
  lines.push(
    `judge: ${percent(j.heldOutAccuracy).trim()} on ${j.heldOutImages} real held-out digits ` +
      `(${j.trainImages} training images, ${j.imagePolicy}, ${j.fromCache ? 'cached' : 'trained now'}` +
      `${j.stoppedEarly ? ', STOPPED EARLY' : ''})`,
  );
  if (j.disjointFromGeneratorTargets === false) {
    lines.push(
      'note: this run paired with images the judge may also have trained on (see the evaluate README).',
    );
  }
  lines.push('');
  lines.push(`digit      ${Array.from({ length: 10 }, (_, d) => String(d).padStart(6)).join(' ')}    all`);
  lines.push(`accuracy   ${report.perDigit.map(percent).join(' ')} ${percent(report.accuracy)}`);
  lines.push('');
  lines.push('confusion (rows: spoken, columns: judged)');
  lines.push(`      ${Array.from({ length: 10 }, (_, d) => String(d).padStart(4)).join('')}`);
  report.confusion.forEach((row, d) => {
    lines.push(`  ${String(d).padStart(2)}  ${row.map((v) => String(v).padStart(4)).join('')}`);
  });
  lines.push('');
  const rows: [string, string][] = [
    ['Frechet distance (judge features)', report.frechetDistance.toFixed(2)],
    [
      'diversity within digit (L2)',
      `${report.diversity.withinDigit.toFixed(2)} (real digits: ${report.diversity.realWithinDigit.toFixed(2)})`,
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
