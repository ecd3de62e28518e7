/** Shared by the in-process CLI tests: runs one `ifa` command and captures what it prints. */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CliIo, runCli } from '../src';

export const tempDir = (prefix = 'ifa-cli-'): Promise<string> => mkdtemp(join(tmpdir(), prefix));

/** Runs `ifa <argv>` in `cwd` (a fresh temp folder when omitted) and returns its exit code and output. */
export async function run(
  argv: string[],
  cwd?: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    interactive: false,
    env: {},
    cwd: cwd ?? (await tempDir()),
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}
