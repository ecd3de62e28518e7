import { resolve } from 'node:path';
import type { BackendPreference } from '@ifa/backends';
import { evaluate, formatReport } from '@ifa/evaluate';
import type { HeardCondition } from '@ifa/models';
import type { FsddSplitScheme, OnInvalid } from '@ifa/paired-dataset';
import { findModelFolder } from '@ifa/train';
import type { CliIo } from '../io';
import { outputDir } from './files';

export interface EvaluateCommandOptions {
  run: string;
  split?: FsddSplitScheme;
  json: boolean;
  dataDir?: string;
  judgeCacheDir?: string;
  repeats: number;
  seed: number;
  /** What class-conditioned models draw from what they hear (default `'probabilities'`). */
  heard?: HeardCondition;
  backend: BackendPreference;
  /** Folder for report.json and confusion.png. Default: the run folder. */
  out?: string;
  onInvalid?: OnInvalid;
}

/** `ifa evaluate`: scores a trained run with the digit judge, prints a table (or the JSON report). */
export async function evaluateCommand(io: CliIo, options: EvaluateCommandOptions): Promise<void> {
  // Where report.json goes is checked first, so minutes of judging never end in a failed write.
  const { runDir, modelDir } = await findModelFolder(options.run, { option: '--run', cwd: io.cwd });
  const outDir =
    options.out !== undefined
      ? await outputDir(io, '--out', options.out)
      : await outputDir(io, '--run', runDir ?? modelDir);
  const report = await evaluate(resolve(io.cwd, options.run), {
    ...(options.split !== undefined && { split: options.split }),
    ...(options.dataDir !== undefined && { dataDir: resolve(io.cwd, options.dataDir) }),
    ...(options.judgeCacheDir !== undefined && { judgeCacheDir: resolve(io.cwd, options.judgeCacheDir) }),
    ...(options.out !== undefined && { outDir }),
    ...(options.onInvalid !== undefined && { onInvalid: options.onInvalid }),
    repeats: options.repeats,
    seed: options.seed,
    ...(options.heard !== undefined && { heard: options.heard }),
    backend: options.backend,
    // Backend selection already prefixes its own lines.
    onMessage: (message) => io.stderr(message.startsWith('[ifa]') ? `${message}\n` : `[ifa] ${message}\n`),
  });
  io.stdout(options.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
}
