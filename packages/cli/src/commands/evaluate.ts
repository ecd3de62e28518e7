import { resolve } from 'node:path';
import type { BackendPreference } from '@ifa/backends';
import { evaluate, formatReport } from '@ifa/evaluate';
import type { CliIo } from '../io';

export interface EvaluateCommandOptions {
  run: string;
  split?: string;
  json: boolean;
  dataDir?: string;
  judgeCacheDir?: string;
  repeats: number;
  seed: number;
  backend: BackendPreference;
}

/** `ifa evaluate`: scores a trained run with the digit judge, prints a table (or the JSON report). */
export async function evaluateCommand(io: CliIo, options: EvaluateCommandOptions): Promise<void> {
  const report = await evaluate(resolve(io.cwd, options.run), {
    ...(options.split !== undefined && { split: options.split }),
    ...(options.dataDir !== undefined && { dataDir: resolve(io.cwd, options.dataDir) }),
    ...(options.judgeCacheDir !== undefined && { judgeCacheDir: resolve(io.cwd, options.judgeCacheDir) }),
    repeats: options.repeats,
    seed: options.seed,
    backend: options.backend,
    // Backend selection already prefixes its own lines.
    onMessage: (message) => io.stderr(message.startsWith('[ifa]') ? `${message}\n` : `[ifa] ${message}\n`),
  });
  io.stdout(options.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
}
