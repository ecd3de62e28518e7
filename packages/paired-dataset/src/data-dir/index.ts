import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export interface ResolveDataDirOptions {
  /** Command-line arguments to search for `--data-dir <path>` or `--data-dir=<path>`. Default process.argv. */
  argv?: readonly string[];
  /** Environment to read IFA_DATA_DIR (and the cache-folder variables) from. Default process.env. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Default process.platform. */
  platform?: NodeJS.Platform;
  /** Default os.homedir(). */
  home?: string;
}

export type DataDirSource = 'argument' | 'environment' | 'user-cache';

/**
 * Where datasets live, first match wins:
 * 1. `--data-dir <path>` on the command line;
 * 2. the `IFA_DATA_DIR` environment variable;
 * 3. a per-user cache folder: `$XDG_CACHE_HOME/ifa` or `~/.cache/ifa` on Linux, `~/Library/Caches/ifa` on
 *    macOS, `%LOCALAPPDATA%\ifa\Cache` on Windows.
 * Relative paths are resolved against the current directory.
 */
export function resolveDataDir(options: ResolveDataDirOptions = {}): string {
  return resolveDataDirWithSource(options).dir;
}

export function resolveDataDirWithSource(options: ResolveDataDirOptions = {}): {
  dir: string;
  source: DataDirSource;
} {
  const argv = options.argv ?? process.argv;
  const env = options.env ?? process.env;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--data-dir' && argv[i + 1]) return { dir: resolve(argv[i + 1]!), source: 'argument' };
    if (arg.startsWith('--data-dir=') && arg.length > '--data-dir='.length) {
      return { dir: resolve(arg.slice('--data-dir='.length)), source: 'argument' };
    }
  }
  if (env.IFA_DATA_DIR) return { dir: resolve(env.IFA_DATA_DIR), source: 'environment' };
  return {
    dir: userCacheDir(options.platform ?? process.platform, env, options.home ?? homedir()),
    source: 'user-cache',
  };
}

function userCacheDir(
  platform: NodeJS.Platform,
  env: Readonly<Record<string, string | undefined>>,
  home: string,
): string {
  if (platform === 'win32') return join(env.LOCALAPPDATA ?? join(home, 'AppData', 'Local'), 'ifa', 'Cache');
  if (platform === 'darwin') return join(home, 'Library', 'Caches', 'ifa');
  return join(env.XDG_CACHE_HOME || join(home, '.cache'), 'ifa');
}
