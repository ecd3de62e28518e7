import { existsSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { atomicWriteFile, atomicWriteJson } from '@ifa/core/node';
import type { LossPoint } from '../charts';
import type { TrainerPosition } from '../checkpoint';
import { RunExistsError } from '../errors';
import { appendJsonLine, IMAGE_POOLS_FILE, type RunPaths, readJsonLines } from '../run-folder';

/** A metrics.jsonl line for one batch. */
export interface BatchMetrics {
  type: 'batch';
  epoch: number;
  batch: number;
  step: number;
  losses: Record<string, number>;
  time: string;
}

/** A metrics.jsonl line for one finished epoch. */
export interface EpochMetrics {
  type: 'epoch';
  epoch: number;
  losses: Record<string, number>;
  seconds: number;
  samplesPerSecond: number;
  numTensors: number;
  time: string;
}

/**
 * A metrics.jsonl line with each objective's loss terms evaluated after an epoch (inference mode, fixed
 * noise, the same pairs every epoch), written just before that epoch's `epoch` line. Every evaluation
 * batch has `batchSize` pairs, so terms that sum over a batch (`reconstruction`, and a `loss` that
 * contains it) are on the training curve's scale.
 */
export interface TestMetrics {
  type: 'test';
  epoch: number;
  /** Training steps done when evaluated (the step of the epoch's last batch). */
  step: number;
  batchSize: number;
  /** Held-out test pairs evaluated (at most `testLossPairs`). */
  pairs: number;
  /** Mean over the test batches, by phase then term: `{ generator: { loss, adversarial, reconstruction } }`. */
  losses: Record<string, Record<string, number>>;
  /** The same terms on a fixed subset of the training pairs, for a like-for-like comparison. */
  train: { pairs: number; losses: Record<string, Record<string, number>> };
  seconds: number;
  time: string;
}

export type MetricsRow = BatchMetrics | EpochMetrics | TestMetrics;

/** What the loss chart is drawn from: the training curve and the per-epoch evaluations. */
export interface MetricsHistory {
  points: LossPoint[];
  tests: TestMetrics[];
}

/** The files and folders of a run at the top of its folder (what `overwrite` deletes). */
const RUN_ENTRIES = ['run.json', IMAGE_POOLS_FILE, 'metrics.jsonl', 'losses.png', 'samples', 'checkpoints'];
/** Temp siblings an interrupted atomic write of one of them leaves (`.run.json.tmp-<pid>-<hex>`). */
const RUN_LEFTOVER = new RegExp(
  `^\\.(${RUN_ENTRIES.map((e) => e.replace(/\./g, '\\.')).join('|')})\\.(tmp|old)-\\d+-[0-9a-f]+$`,
);

/**
 * Writes a run folder: run.json, image-pools.json and metrics.jsonl (checkpoints, samples and the chart
 * have their own writers). Every whole-file write is atomic; metrics rows are appended.
 */
export class RunWriter {
  constructor(readonly paths: RunPaths) {}

  /** The run files in the folder that make it a run (run.json, checkpoints), relative to it. */
  async existingRun(): Promise<string[]> {
    const found: string[] = [];
    if (existsSync(this.paths.runJson)) found.push('run.json');
    const checkpoints = await readdir(this.paths.checkpoints).catch(() => [] as string[]);
    for (const name of checkpoints.filter((n) => !n.startsWith('.')).sort())
      found.push(`checkpoints/${name}`);
    return found;
  }

  /** Throws {@link RunExistsError} when the folder already holds a run. */
  async refuseExistingRun(): Promise<void> {
    const found = await this.existingRun();
    if (found.length > 0) {
      const shown = found.length > 4 ? [...found.slice(0, 3), `${found.length - 3} more`] : found;
      throw new RunExistsError(this.paths.root, shown);
    }
  }

  /** Deletes the run's files (not other files in the folder); returns what was deleted. */
  async clear(): Promise<string[]> {
    const entries = await readdir(this.paths.root).catch(() => [] as string[]);
    const doomed = entries.filter((name) => RUN_ENTRIES.includes(name) || RUN_LEFTOVER.test(name));
    for (const name of doomed) await rm(join(this.paths.root, name), { recursive: true, force: true });
    return doomed;
  }

  async writeRunJson(value: unknown): Promise<void> {
    await atomicWriteJson(this.paths.runJson, value);
  }

  async writeImagePools(value: unknown): Promise<void> {
    await atomicWriteJson(this.paths.imagePools, value);
  }

  /**
   * Starts metrics.jsonl: empty for a new run; for a resumed one, rows newer than the checkpoint (written
   * before a crash) are dropped. Returns the history kept, for the chart.
   */
  async startMetrics(resumedAt: TrainerPosition | null): Promise<MetricsHistory> {
    const history: MetricsHistory = { points: [], tests: [] };
    if (resumedAt && existsSync(this.paths.metrics)) {
      const rows = (await readJsonLines<MetricsRow>(this.paths.metrics)).filter((row) =>
        row.type === 'batch' ? row.step <= resumedAt.step : row.epoch <= resumedAt.epoch,
      );
      await atomicWriteFile(this.paths.metrics, rows.map((row) => `${JSON.stringify(row)}\n`).join(''));
      for (const row of rows) {
        if (row.type === 'batch') history.points.push({ step: row.step, losses: row.losses });
        if (row.type === 'test') history.tests.push(row);
      }
    } else if (!resumedAt) {
      await atomicWriteFile(this.paths.metrics, '');
    }
    return history;
  }

  async appendMetrics(row: MetricsRow): Promise<void> {
    await appendJsonLine(this.paths.metrics, row);
  }
}
