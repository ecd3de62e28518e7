/**
 * The built `ifa` as a user runs it: through the committed bin, in a child process, reading stderr as a
 * terminal would show it. Needs `npm run build` first (CI builds before testing).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { selectBackend } from '@ifa/backends';
import { createCgan, saveModel } from '@ifa/models';
import { sampleDataDir } from '@ifa/paired-dataset';
import { beforeAll, describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const bin = join(packageDir, 'bin', 'ifa.js');
const built = existsSync(join(packageDir, 'dist', 'cli.js'));
const WAV = join(sampleDataDir(), 'fsdd', 'recordings', '7_jackson_2.wav');

function ifa(args: string[], options: { cwd?: string; env?: Record<string, string | undefined> } = {}) {
  const env: Record<string, string | undefined> = { ...process.env };
  // Settings of the test run that would change what the command prints.
  for (const key of ['IFA_NATIVE_LOGS', 'NODE_OPTIONS']) delete env[key];
  Object.assign(env, options.env);
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete env[key];
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd: options.cwd ?? tmpdir(),
    env: env as NodeJS.ProcessEnv,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Lines on stderr that are not ours (`[ifa] ...` notes and `ifa: ...` errors). */
function foreignLines(stderr: string): string[] {
  return stderr.split('\n').filter((line) => line.trim() !== '' && !/^(\[ifa\] |ifa: )/.test(line));
}

describe('the committed bin', () => {
  it('is what package.json points at, and is packed', () => {
    const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
    expect(manifest.bin).toEqual({ ifa: './bin/ifa.js' });
    expect(manifest.files).toContain('bin');
    // npm links a workspace's bin at install time only when the file exists: it must not need a build.
    expect(statSync(bin).isFile()).toBe(true);
    expect(readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('says how to build when dist/ is missing', () => {
    const copy = mkdtempSync(join(tmpdir(), 'ifa-bin-'));
    mkdirSync(join(copy, 'bin'));
    copyFileSync(bin, join(copy, 'bin', 'ifa.js'));
    copyFileSync(join(packageDir, 'package.json'), join(copy, 'package.json'));
    const result = spawnSync(process.execPath, [join(copy, 'bin', 'ifa.js'), '--help'], { encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      'ifa: @ifa/cli is not built yet (no dist/cli.js); run `npm run build` in the repository root first.\n',
    );
  });

  it.skipIf(!built)('runs the built command line', () => {
    const { code, stdout } = ifa(['--version']);
    expect(code).toBe(0);
    expect(stdout.trim()).toBe(JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')).version);
  });
});

describe.skipIf(!built)('stderr holds our own lines only, unless --verbose', () => {
  let work: string;
  beforeAll(async () => {
    await selectBackend({ prefer: 'cpu', log: null });
    work = mkdtempSync(join(tmpdir(), 'ifa-built-'));
    const model = createCgan({ preset: 'tiny' });
    await saveModel(model, join(work, 'model'));
    model.dispose();
  });

  // A Vulkan driver list that does not exist: Dawn then always complains ("Found no drivers", or
  // "Couldn't load Vulkan" where the loader is missing), with paths on Dawn's build machine.
  const noDriver = { VK_ICD_FILENAMES: '/nonexistent/ifa-test-icd.json', XDG_RUNTIME_DIR: undefined };

  it('ifa info probes WebGPU without Dawn or Vulkan lines; --verbose shows them', () => {
    const quiet = ifa(['info'], { env: noDriver });
    expect(quiet.code).toBe(0);
    expect(quiet.stdout).toMatch(/^ {2}webgpu +unavailable/m);
    expect(quiet.stderr).toBe('');
    const verbose = ifa(['info', '--verbose'], { env: noDriver });
    expect(verbose.code).toBe(0);
    if (process.platform === 'linux' && !/package not installed/.test(verbose.stdout)) {
      expect(verbose.stderr).toMatch(/vulkan/i);
    }
  });

  it.each([['auto'], ['cpu'], ['wasm']])('generate --backend %s prints no foreign lines', (backend) => {
    const { code, stderr } = ifa(
      ['generate', '--model', 'model', '--audio', WAV, '--out', `seven-${backend}.png`, '--backend', backend],
      { cwd: work, env: noDriver },
    );
    expect(code).toBe(0);
    expect(foreignLines(stderr)).toEqual([]);
  });

  it('--verbose lets tfjs speak again (the cpu backend names tfjs-node)', () => {
    const { code, stderr } = ifa(
      ['generate', '--model', 'model', '--audio', WAV, '--out', 'v.png', '--backend', 'cpu', '--verbose'],
      { cwd: work, env: noDriver },
    );
    expect(code).toBe(0);
    expect(stderr).toMatch(/tfjs-node/);
  });
});
