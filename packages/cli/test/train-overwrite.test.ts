/** `ifa train --out DIR` never replaces a run by accident: --resume continues it, --overwrite replaces it. */
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from './run-cli';

const TRAIN = ['train', '--model', 'cvae', '--preset', 'tiny', '--batch-size', '2', '--max-batches', '1'];
const REST = ['--data-dir', 'sample', '--out', 'run', '--backend', 'wasm'];

describe('ifa train into a folder that holds a run', () => {
  it('refuses in one line naming --resume, --out and --overwrite; --overwrite starts afresh', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'ifa-cli-overwrite-'));
    expect((await run([...TRAIN, '--epochs', '2', ...REST], cwd)).code).toBe(0);

    const refused = await run([...TRAIN, '--epochs', '1', ...REST], cwd);
    expect(refused.code).toBe(1);
    const errors = refused.stderr.split('\n').filter((l) => l.startsWith('ifa:'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/RunExistsError: .*--resume.*--out.*--overwrite/);

    const replaced = await run([...TRAIN, '--epochs', '1', ...REST, '--overwrite'], cwd);
    expect(replaced.code).toBe(0);
    expect((await readdir(join(cwd, 'run', 'checkpoints'))).sort()).toEqual(['epoch-001', 'latest']);

    const both = await run([...TRAIN, '--epochs', '1', ...REST, '--overwrite', '--resume'], cwd);
    expect(both.code).not.toBe(0);
  });
});
