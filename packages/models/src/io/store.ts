import { InvalidOptionError } from '@ifa/core';
import { ModelLoadError, UnsafePathError } from '../errors';
import { MANIFEST_FILE } from './paths';

/**
 * Where a model folder lives. Paths given to a store are already checked by `assertSafeRelativePath`;
 * stores still confine them to their root as a second line of defence.
 */
export interface ModelFolderReader {
  /** Human-readable location for error messages. */
  readonly location: string;
  /** Resolves to the file's bytes, or `null` if it does not exist. */
  read(relativePath: string): Promise<Uint8Array | null>;
}

export interface ModelFolderWriter {
  readonly location: string;
  /** Writes a file atomically (no reader ever sees a half-written file). */
  write(relativePath: string, data: Uint8Array): Promise<void>;
}

export function isNodeRuntime(): boolean {
  const proc = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof proc?.versions?.node === 'string';
}

export function isHttpUrl(location: string): boolean {
  return /^https?:\/\//i.test(location);
}

export interface HttpReaderOptions {
  /** Defaults to the global `fetch`. */
  fetch?: typeof fetch;
  /** Extra `fetch` options, e.g. credentials or headers. */
  requestInit?: RequestInit;
}

/**
 * Parses a model URL (relative ones against the page's address in a browser). Throws
 * `InvalidOptionError` for a string that is not a URL.
 */
export function parseModelUrl(url: string): URL {
  try {
    return new URL(url, (globalThis as { location?: { href: string } }).location?.href);
  } catch (cause) {
    throw new InvalidOptionError(
      {
        option: 'model URL',
        value: url,
        expected: 'an http(s) URL of a model folder or of its ifa-model.json',
      },
      { cause },
    );
  }
}

/**
 * GETs one file of a model: its bytes, `null` for a 404 (a missing file), or `ModelLoadError` naming
 * `shown` (the URL without its query) for another HTTP error or a failed fetch.
 */
async function fetchBytes(
  href: string,
  shown: string,
  location: string,
  options: HttpReaderOptions,
): Promise<Uint8Array | null> {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  let response: Response;
  try {
    response = await doFetch(href, options.requestInit);
  } catch (cause) {
    throw new ModelLoadError(
      `could not fetch ${shown} (${(cause as Error).message}); check the URL and the network.`,
      location,
      { cause },
    );
  }
  if (response.status === 404) return null;
  if (!response.ok) {
    const auth = response.status === 401 || response.status === 403;
    throw new ModelLoadError(
      `GET ${shown} failed with HTTP ${response.status} ${response.statusText}`.trimEnd() +
        (auth
          ? '; the server refused access: check credentials (requestInit) or that a signed URL has not expired.'
          : '; check the URL, or try again if the server is busy.'),
      location,
      { status: response.status },
    );
  }
  try {
    return new Uint8Array(await response.arrayBuffer());
  } catch (cause) {
    throw new ModelLoadError(`the download of ${shown} broke off (${(cause as Error).message}).`, location, {
      cause,
    });
  }
}

/**
 * Reads a model folder served over HTTP(S) (browser or Node >= 18, both have `fetch`). A query string on
 * `baseUrl` (a signed URL, an access token) is sent with every file of the folder, and left out of
 * `location` and error messages. An HTTP error other than 404 (a missing file) or a failed fetch throws
 * `ModelLoadError` naming the URL and status.
 */
export function httpFolderReader(baseUrl: string, options: HttpReaderOptions = {}): ModelFolderReader {
  const base = parseModelUrl(baseUrl);
  const search = base.search;
  base.search = '';
  base.hash = '';
  if (!base.pathname.endsWith('/')) base.pathname = `${base.pathname}/`;
  const location = base.href;
  return {
    location,
    async read(relativePath) {
      const url = new URL(relativePath, base);
      if (url.origin !== base.origin || !url.pathname.startsWith(base.pathname)) {
        throw new UnsafePathError(
          relativePath,
          location,
          `it resolves to ${url.href}, outside the model URL.`,
        );
      }
      // `new URL(file, base)` drops the base's query; signed URLs need it on every file.
      const shown = url.href;
      url.search = search;
      return fetchBytes(url.href, shown, location, options);
    },
  };
}

/**
 * A model whose files each have their own URL, by their path inside the model folder (`ifa-model.json`,
 * `generator/model.json`, `generator/weights.bin`, ...). This is how a package ships a model so that
 * bundlers can copy (and rename) each file: `new URL('./model/ifa-model.json', import.meta.url)` per file.
 * `loadModel`, `readModelManifest` and @ifa/painter's `loadPainter` accept it as a source.
 */
export interface ModelFileMap {
  /** Shown in error messages; defaults to the URL of `ifa-model.json`. */
  readonly location?: string;
  /** Path inside the model folder -> the file's URL (`file:` in Node, `http(s):`, `data:` or `blob:`). */
  readonly files: Readonly<Record<string, string | URL>>;
}

export function isModelFileMap(value: unknown): value is ModelFileMap {
  const files = (value as { files?: unknown } | null)?.files;
  return typeof files === 'object' && files !== null && !Array.isArray(files);
}

type NodeFs = typeof import('node:fs/promises');
type NodeUrl = typeof import('node:url');

/** Node built-ins through a variable specifier, so browser bundles never try to include them. */
export function importBuiltin<T>(specifier: string): Promise<T> {
  return import(/* webpackIgnore: true */ /* @vite-ignore */ specifier) as Promise<T>;
}

/** Reads a `file:` URL in Node: the bytes, or `null` when there is no such file. */
export async function readFileUrl(url: URL, location: string): Promise<Uint8Array | null> {
  if (!isNodeRuntime()) {
    throw new ModelLoadError(`cannot read ${url.href} outside Node; serve the model over http(s).`, location);
  }
  const [fs, nodeUrl] = await Promise.all([
    importBuiltin<NodeFs>('node:fs/promises'),
    importBuiltin<NodeUrl>('node:url'),
  ]);
  try {
    return new Uint8Array(await fs.readFile(nodeUrl.fileURLToPath(url)));
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw new ModelLoadError(`${url.href} cannot be read (${(error as Error).message}).`, location, {
      cause: error,
    });
  }
}

/** A {@link ModelFolderReader} over a {@link ModelFileMap}: paths it does not list read as missing. */
export function fileMapReader(map: ModelFileMap, options: HttpReaderOptions = {}): ModelFolderReader {
  const urls = new Map<string, URL>();
  for (const [path, value] of Object.entries(map.files)) {
    try {
      urls.set(
        path,
        value instanceof URL
          ? value
          : new URL(value, (globalThis as { location?: { href: string } }).location?.href),
      );
    } catch (cause) {
      throw new InvalidOptionError(
        { option: `model files["${path}"]`, value, expected: 'a URL (file:, http(s):, data: or blob:)' },
        { cause },
      );
    }
  }
  const manifest = urls.get(MANIFEST_FILE);
  const location = map.location ?? (manifest ? manifest.href.split('?')[0]! : 'model files');
  return {
    location,
    async read(relativePath) {
      const url = urls.get(relativePath);
      if (url === undefined) return null;
      if (url.protocol === 'file:') return readFileUrl(url, location);
      const shown = url.protocol === 'data:' ? `${relativePath} (data: URL)` : url.href.split('?')[0]!;
      return fetchBytes(url.href, shown, location, options);
    },
  };
}
