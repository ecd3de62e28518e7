import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { GpuAdapterInfoLike } from './adapter-info';

/**
 * Dawn (the `webgpu` package) and the Vulkan loader write their own diagnostics straight to file
 * descriptor 2 when an instance starts: "Couldn't load Vulkan", "vkCreateInstance: Found no drivers",
 * with paths on Dawn's build machine, and libwayland's "XDG_RUNTIME_DIR is invalid or not set". Node
 * cannot silence native writes to its own stderr, so the first adapter request runs in a short-lived
 * child process whose stderr is captured: on a machine without a usable GPU (most CPU machines) Dawn never
 * starts in this process and prints nothing. Set `IFA_NATIVE_LOGS=1` to see the child's output (the CLI
 * does so for `--verbose`).
 */
export interface PreflightResult {
  /** What `requestAdapter` returned in the child: the adapter's info, or null for no adapter. */
  adapter: GpuAdapterInfoLike | null;
  /** Set when the child gave no answer (it crashed or hung inside the driver). */
  failure?: string;
}

const CHILD_SCRIPT = `
const [moduleUrl, flags, powerPreference] = JSON.parse(process.argv[1]);
const { create } = await import(moduleUrl);
const adapter = await create(flags).requestAdapter({ powerPreference });
const info = adapter ? adapter.info ?? {} : null;
const pick = (key) => (info && typeof info[key] === 'string' ? info[key] : undefined);
const result = info === null ? { adapter: null } : { adapter: {
  vendor: pick('vendor'), architecture: pick('architecture'), device: pick('device'),
  description: pick('description'),
  isFallbackAdapter: info.isFallbackAdapter === true || adapter.isFallbackAdapter === true,
} };
process.stdout.write('\\n@@ifa-preflight@@' + JSON.stringify(result) + '\\n');
process.exit(0);
`;

/** How long a child may take to find an adapter before WebGPU is reported unavailable. */
const TIMEOUT_MS = 30_000;

const results = new Map<string, Promise<PreflightResult | undefined>>();

/** True when the user asked to see native libraries' own output (`IFA_NATIVE_LOGS=1`). */
export function nativeLogsWanted(): boolean {
  const value = process.env.IFA_NATIVE_LOGS;
  return value !== undefined && value !== '' && value !== '0' && value !== 'false';
}

function resolveWebgpuPackage(): string | undefined {
  try {
    return pathToFileURL(createRequire(import.meta.url).resolve('webgpu')).href;
  } catch {
    return undefined;
  }
}

function runChild(
  moduleUrl: string,
  flags: readonly string[],
  powerPreference: string,
): Promise<PreflightResult | undefined> {
  return new Promise((resolve) => {
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          CHILD_SCRIPT,
          '--',
          JSON.stringify([moduleUrl, flags, powerPreference]),
        ],
        { stdio: ['ignore', 'pipe', 'pipe'], env: process.env, windowsHide: true },
      );
    } catch {
      resolve(undefined);
      return;
    }
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
    timer.unref?.();
    child.on('error', () => {
      clearTimeout(timer);
      resolve(undefined);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (nativeLogsWanted() && stderr !== '') process.stderr.write(stderr);
      const line = stdout.split('\n').find((l) => l.startsWith('@@ifa-preflight@@'));
      if (line === undefined) {
        // The child crashed or hung inside the driver: Dawn cannot be trusted in this process either.
        const how =
          signal === 'SIGKILL' ? `no answer within ${TIMEOUT_MS / 1000} s` : `exit ${signal ?? code}`;
        resolve({
          adapter: null,
          failure: `Dawn's adapter probe failed (${how}; IFA_NATIVE_LOGS=1 shows its output)`,
        });
        return;
      }
      try {
        resolve(JSON.parse(line.slice('@@ifa-preflight@@'.length)) as PreflightResult);
      } catch {
        resolve(undefined);
      }
    });
  });
}

/**
 * Asks a child process which adapter Dawn would offer. `undefined` means it could not tell (the package
 * does not resolve, or no child could be started): the caller then proceeds in-process as before.
 * Results are kept per flags, power preference and Vulkan driver environment for the life of the process.
 */
export function preflightDawnAdapter(
  flags: readonly string[],
  powerPreference: string,
): Promise<PreflightResult | undefined> {
  const moduleUrl = resolveWebgpuPackage();
  if (moduleUrl === undefined) return Promise.resolve(undefined);
  const key = JSON.stringify([
    moduleUrl,
    flags,
    powerPreference,
    process.env.VK_ICD_FILENAMES ?? null,
    process.env.VK_DRIVER_FILES ?? null,
  ]);
  let result = results.get(key);
  if (result === undefined) {
    result = runChild(moduleUrl, flags, powerPreference);
    results.set(key, result);
  }
  return result;
}

let runtimeDir: string | undefined;

/**
 * Before Dawn starts in this process: without XDG_RUNTIME_DIR, libwayland (pulled in by some Vulkan and
 * EGL drivers) prints "error: XDG_RUNTIME_DIR is invalid or not set". A private empty folder (removed at
 * exit) keeps it quiet and connects to nothing. Linux only; an existing value is never changed.
 */
export function ensureRuntimeDir(): void {
  if (process.platform !== 'linux' || process.env.XDG_RUNTIME_DIR || runtimeDir !== undefined) return;
  try {
    runtimeDir = mkdtempSync(join(tmpdir(), 'ifa-xdg-'));
  } catch {
    return;
  }
  process.env.XDG_RUNTIME_DIR = runtimeDir;
  const dir = runtimeDir;
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
}
