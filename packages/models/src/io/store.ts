import { InvalidOptionError } from '@ifa/core';
import { ModelLoadError, UnsafePathError } from '../errors';

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
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
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
      let response: Response;
      try {
        response = await doFetch(url.href, options.requestInit);
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
        throw new ModelLoadError(
          `the download of ${shown} broke off (${(cause as Error).message}).`,
          location,
          {
            cause,
          },
        );
      }
    },
  };
}
