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

/** Reads a model folder served over HTTP(S) (browser or Node >= 18, both have `fetch`). */
export function httpFolderReader(baseUrl: string, options: HttpReaderOptions = {}): ModelFolderReader {
  const base = new URL(
    baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`,
    (globalThis as { location?: { href: string } }).location?.href,
  );
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  return {
    location: base.href,
    async read(relativePath) {
      const url = new URL(relativePath, base);
      if (!url.href.startsWith(base.href)) throw new Error(`${url.href} is outside ${base.href}`);
      const response = await doFetch(url.href, options.requestInit);
      if (response.status === 404) return null;
      if (!response.ok) {
        throw new Error(`GET ${url.href} failed with HTTP ${response.status} ${response.statusText}`);
      }
      return new Uint8Array(await response.arrayBuffer());
    },
  };
}
