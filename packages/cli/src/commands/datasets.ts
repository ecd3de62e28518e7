import { resolve } from 'node:path';
import { IfaError } from '@ifa/core';
import {
  type DownloadProgress,
  downloadDatasets,
  makeSoundscapes,
  resolveDataDir,
  verifyDatasets,
} from '@ifa/paired-dataset';
import type { CliIo } from '../io';

function dataDir(io: CliIo, given: string | undefined): string {
  return given !== undefined ? resolve(io.cwd, given) : resolveDataDir({ argv: [], env: io.env });
}

function describeProgress(p: DownloadProgress): string {
  switch (p.phase) {
    case 'download': {
      const mb = (p.receivedBytes / 1e6).toFixed(1);
      const total = p.totalBytes === undefined ? '' : ` / ${(p.totalBytes / 1e6).toFixed(1)}`;
      return `${p.dataset}: downloading ${p.file} ${mb}${total} MB`;
    }
    case 'extract':
      return `${p.dataset}: extracting ${p.done}/${p.total}`;
    case 'done':
      return `${p.dataset}: ${p.file} ${String(p.outcome)}`;
  }
}

export async function datasetsDownloadCommand(io: CliIo, options: { dataDir?: string }): Promise<void> {
  const dir = dataDir(io, options.dataDir);
  io.stderr(`[ifa] downloading MNIST and FSDD v1.0.10 into ${dir}\n`);
  let lastLine = 0;
  const result = await downloadDatasets({
    cacheDir: dir,
    onProgress: (progress) => {
      const now = Date.now();
      // Keep logs short: every phase end, and at most one progress line a second.
      if (progress.phase === 'done' || now - lastLine > 1000) {
        lastLine = now;
        io.stderr(`[ifa] ${describeProgress(progress)}\n`);
      }
    },
  });
  io.stdout(`datasets ready in ${result.dir}\n`);
}

export async function datasetsVerifyCommand(io: CliIo, options: { dataDir?: string }): Promise<void> {
  const dir = dataDir(io, options.dataDir);
  const report = await verifyDatasets(dir);
  const lines = report.mnist.map(
    (f) =>
      `mnist/${f.file}: ${f.status}` +
      (f.status === 'missing' && !f.required
        ? ' (optional: without the 60,000 training digits, the t10k images are split into pools)'
        : ''),
  );
  const fsdd = report.fsdd;
  lines.push(
    `fsdd: ${fsdd.valid}/${fsdd.expected} recordings valid, ${fsdd.missing.length} missing, ` +
      `${fsdd.mismatched.length} mismatched, ${fsdd.unexpected.length} unexpected`,
  );
  const mnistLayout = report.mnistTrain ? 'MNIST train + t10k' : 'MNIST t10k only (enough)';
  if (report.ok) lines.push(`ok: ${mnistLayout} and FSDD v1.0.10 in ${dir}`);
  io.stdout(`${lines.join('\n')}\n`);
  if (!report.ok) {
    const bad = [
      ...report.mnist
        .filter((f) => f.status === 'mismatch' || (f.status === 'missing' && f.required))
        .map((f) => `mnist/${f.file} ${f.status}`),
      ...(fsdd.ok ? [] : [`fsdd ${fsdd.expected - fsdd.valid} recordings not valid`]),
    ];
    throw new IfaError(
      'IFA_DATASETS_INCOMPLETE',
      `datasets in ${dir} are incomplete (${bad.join(', ')}); run \`ifa datasets download --data-dir ${dir}\`.`,
    );
  }
}

export interface MakeSoundscapesCommandOptions {
  out: string;
  seed: number;
  /** Recordings and pictures per class. */
  perClass: number;
  overwrite: boolean;
}

/** `ifa datasets make-soundscapes`: the synthetic pairs folder for `ifa train --pairs`. */
export async function datasetsMakeSoundscapesCommand(
  io: CliIo,
  options: MakeSoundscapesCommandOptions,
): Promise<void> {
  const outDir = resolve(io.cwd, options.out);
  io.stderr(`[ifa] writing synthetic soundscapes (seed ${options.seed}) into ${outDir}\n`);
  const started = Date.now();
  let lastLine = started;
  const summary = await makeSoundscapes({
    outDir,
    seed: options.seed,
    recordingsPerClass: options.perClass,
    imagesPerClass: options.perClass,
    overwrite: options.overwrite,
    onProgress: ({ done, total }) => {
      const now = Date.now();
      // At most one progress line a second (the default set takes a few seconds).
      if (done === total || now - lastLine > 1000) {
        lastLine = now;
        io.stderr(`[ifa] ${done}/${total} files\n`);
      }
    },
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  io.stdout(
    `wrote ${summary.audioFiles.length} recordings and ${summary.imageFiles.length} pictures ` +
      `(${summary.classes.length} classes: ${summary.classes.join(', ')}; ` +
      `${(summary.bytes / 1e6).toFixed(1)} MB, ${seconds} s) to ${outDir}\n` +
      `layout: audio/<class>/*.wav (16 kHz mono) and images/<class>/*.png (${summary.imageSize} x ${summary.imageSize} RGB)\n`,
  );
}
