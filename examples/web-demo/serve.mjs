#!/usr/bin/env node
/**
 * A tiny static server for the built demo (dist/): `npm run demo` at the repository root builds and runs
 * it, the browser test starts it in-process. Only files under the folder are served; nothing is cached
 * by the browser (a rebuilt page is seen on reload).
 *
 *   node examples/web-demo/serve.mjs [--port 5173] [--host localhost] [--dir examples/web-demo/dist]
 *
 * Microphones need a secure context: http://localhost counts as one, another host name needs https.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** @type {Record<string, string>} */
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.bin': 'application/octet-stream',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.map': 'application/json',
};

/**
 * Serves `dir` on `host:port` (port 0: any free port). Resolves once listening, with the page's URL and a
 * `close()`.
 * @param {{ dir?: string, port?: number, host?: string }} [options]
 * @returns {Promise<{ url: string, port: number, close: () => Promise<void> }>}
 */
export async function startServer(options = {}) {
  const root = resolve(options.dir ?? fileURLToPath(new URL('./dist/', import.meta.url)));
  const host = options.host ?? 'localhost';
  const server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    const file = resolve(join(root, path.endsWith('/') ? `${path}index.html` : path));
    // Nothing outside the folder, whatever `..` or encoded separators the path holds.
    if (file !== root && !file.startsWith(root + sep)) {
      response.writeHead(403).end('forbidden');
      return;
    }
    const info = await stat(file).catch(() => null);
    if (info === null || !info.isFile()) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: ${path}`);
      return;
    }
    response.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'content-length': info.size,
      'cache-control': 'no-cache',
    });
    if (request.method === 'HEAD') response.end();
    else createReadStream(file).pipe(response);
  });
  await new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, host, () => done(undefined));
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://${host}:${port}/`,
    port,
    close: () => new Promise((done) => server.close(() => done())),
  };
}

/**
 * `--name value` from the command line, or undefined.
 * @param {string} name
 */
function flag(name) {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? undefined : process.argv[index + 1];
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = flag('dir');
  const { url } = await startServer({
    port: Number(flag('port') ?? process.env.PORT ?? 5173),
    host: flag('host') ?? 'localhost',
    ...(dir !== undefined && { dir }),
  }).catch((error) => {
    console.error(`error: cannot serve the demo: ${error.message}`);
    process.exit(1);
  });
  console.log(`web demo: ${url}  (Ctrl-C stops)`);
}
