/**
 * True in Node (and runtimes that mimic its `process.versions.node`, such as Bun and Deno's Node mode).
 * Browsers and bundles for them have no `process`: there the routes that need Node (tfjs-node, Dawn)
 * are reported unavailable up front instead of failing on an import a bundler left unresolved.
 */
export function isNodeRuntime(): boolean {
  return typeof process !== 'undefined' && typeof process.versions?.node === 'string';
}
