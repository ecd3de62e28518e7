import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { selectBackend } from '@ifa/backends';
import { createCgan, saveModel } from '@ifa/models';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src';
import type { CliIo } from '../src/io';

function bufferIo(cwd: string): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    interactive: false,
    env: {},
    cwd,
  };
}

describe('ifa evaluate: error paths', () => {
  let work: string;
  beforeAll(async () => {
    await selectBackend({ prefer: 'cpu', log: null });
    work = await mkdtemp(join(tmpdir(), 'ifa-evaluate-cli-'));
    const model = createCgan({ preset: 'tiny' });
    await saveModel(model, join(work, 'model'));
    model.dispose();
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it('fails in one line, exit 1, for a folder that holds no model', async () => {
    const io = bufferIo(work);
    expect(await runCli(['evaluate', '--run', 'missing-run'], io)).toBe(1);
    const text = io.err.join('');
    expect(text.trim().split('\n')).toHaveLength(1);
    expect(text).toMatch(/InvalidOptionError: Invalid --run: "missing-run"/);
    expect(text).not.toMatch(/\n\s+at /);
  });

  it('rejects an unknown held-out speaker before loading anything', async () => {
    const io = bufferIo(work);
    expect(await runCli(['evaluate', '--run', 'model', '--split', 'speaker:bob'], io)).toBe(1);
    expect(io.err.join('')).toMatch(/Invalid --split: "speaker:bob".*george/);
  });

  it('requires --run', async () => {
    const io = bufferIo(work);
    expect(await runCli(['evaluate'], io)).not.toBe(0);
    expect(io.err.join('')).toMatch(/--run/);
  });
});
