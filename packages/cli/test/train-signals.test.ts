/**
 * The built `ifa` bin under signals: SIGINT and SIGTERM write a checkpoint and exit 130 / 143; SIGKILL
 * cannot be caught, and the last epoch checkpoint is still whole. After each, `--resume` finishes the run.
 * These spawn `packages/cli/dist/cli.js`, so they need `npm run build` first (CI builds before testing).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { selectBackend } from '@ifa/backends';
import { loadModel } from '@ifa/models';
import { readTrainerState } from '@ifa/train/internal';
import { beforeAll, describe, expect, it } from 'vitest';

const repo = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
const BIN = join(repo, 'packages/cli/dist/cli.js');

/** Newest modification time of the files under `dir` (0 when absent), tests left out. */
function newest(dir: string): number {
  if (!existsSync(dir)) return 0;
  const stat = statSync(dir);
  if (!stat.isDirectory()) return /\.test\.ts$/.test(dir) ? 0 : stat.mtimeMs;
  let latest = 0;
  for (const entry of readdirSync(dir)) latest = Math.max(latest, newest(join(dir, entry)));
  return latest;
}

/** Why the bin cannot be tested here: not built, or built before its (or @ifa/train's, core's) source changed. */
function whyNotRunnable(): string | null {
  if (!existsSync(BIN)) return `${BIN} is missing; run \`npm run build\` first`;
  for (const pkg of ['cli', 'train', 'core']) {
    const dir = join(repo, 'packages', pkg);
    if (newest(join(dir, 'src')) > newest(join(dir, 'dist')))
      return `packages/${pkg}/src is newer than its dist/; run \`npm run build\` first`;
  }
  return null;
}
const skipReason = whyNotRunnable();
if (skipReason) console.warn(`[train-signals] skipped: ${skipReason}`);

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** 8 batches of 2 per epoch on the shipped sample, 2 epochs: long enough to be interrupted mid-epoch. */
function ifaTrain(out: string, extra: string[] = []): { child: ChildProcess; exit: Promise<Exit> } {
  const args = ['train', '--model', 'cgan', '--preset', 'tiny', '--epochs', '2', '--batch-size', '2'];
  args.push('--max-batches', '8', '--data-dir', 'sample', '--backend', 'wasm', '--out', out, ...extra);
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr!.on('data', (chunk) => {
    stderr += chunk;
  });
  const exit = new Promise<Exit>((done) =>
    child.on('close', (code, signal) => done({ code, signal, stdout, stderr })),
  );
  return { child, exit };
}

/** Resolves when stderr shows a line matching `pattern`. */
function waitFor(child: ChildProcess, pattern: RegExp): Promise<void> {
  return new Promise((done, fail) => {
    let seen = '';
    const onData = (chunk: Buffer) => {
      seen += chunk;
      if (pattern.test(seen)) {
        child.stderr!.off('data', onData);
        done();
      }
    };
    child.stderr!.on('data', onData);
    child.on('close', () => fail(new Error(`exited before ${pattern}:\n${seen}`)));
  });
}

async function expectLoadableLatest(out: string): Promise<{ epoch: number; step: number }> {
  const latest = join(out, 'checkpoints', 'latest');
  const { state } = await readTrainerState(latest);
  const model = await loadModel(latest);
  expect(model.kind).toBe('cgan');
  model.dispose();
  return state;
}

async function expectResumeFinishes(out: string): Promise<void> {
  const resumed = await ifaTrain(out, ['--resume']).exit;
  expect(resumed.stderr).toMatch(/resuming at epoch/);
  expect(resumed.code, resumed.stderr).toBe(0);
  expect(resumed.stdout).toMatch(/done: 2 epochs, 16 steps/);
  expect((await readdir(join(out, 'checkpoints'))).sort()).toEqual(['epoch-001', 'epoch-002', 'latest']);
}

describe.skipIf(skipReason !== null)('ifa train (built bin) under signals', () => {
  beforeAll(async () => {
    await selectBackend({ prefer: 'cpu', log: null });
  });

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)(
    '%s mid-epoch: checkpoint, exit %i, then --resume finishes',
    async (signal, exitCode) => {
      const out = await mkdtemp(join(tmpdir(), `ifa-${signal.toLowerCase()}-`));
      const { child, exit } = ifaTrain(out);
      await waitFor(child, /epoch 1\/2 batch \d+\/8/);
      child.kill(signal);
      const result = await exit;
      expect(result.signal).toBeNull();
      expect(result.code, result.stderr).toBe(exitCode);
      expect(result.stderr).toMatch(new RegExp(`${signal}: stopping after the current step`));
      expect(result.stdout).toMatch(
        /stopped after \d+ steps; checkpoint .*latest \(continue with --resume\)/,
      );
      const state = await expectLoadableLatest(out);
      expect(state.epoch).toBe(0);
      expect(state.step).toBeGreaterThan(0);
      await expectResumeFinishes(out);
    },
    120_000,
  );

  it('SIGKILL after epoch 1: exits by the signal, latest is the whole epoch-1 checkpoint', async () => {
    const out = await mkdtemp(join(tmpdir(), 'ifa-sigkill-'));
    const { child, exit } = ifaTrain(out);
    await waitFor(child, /epoch 2\/2 batch \d+\/8/);
    child.kill('SIGKILL');
    const result = await exit;
    expect(result.signal).toBe('SIGKILL');
    expect(await expectLoadableLatest(out)).toMatchObject({ epoch: 1, step: 8 });
    await expectResumeFinishes(out);
  }, 120_000);
});
