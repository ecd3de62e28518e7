import type { Worker as NodeWorkerType, WorkerOptions } from 'node:worker_threads';
import { env } from '@tensorflow/tfjs-core';
import { WasmTrainingError } from './wasm-training-error.js';

/**
 * Makes tfjs-backend-wasm's threaded (pthreads + SIMD) build start under Node, where it refuses to
 * by default (getThreadsCount() is 1). Its Emscripten glue already supports Node's worker_threads;
 * three things stand in the way, each fixed only for the duration of the backend's initialisation
 * (and a fourth, workers keeping Node alive, is handled by the Worker subclass for good):
 *
 * 1. WASM_HAS_MULTITHREAD_SUPPORT is hard-wired to false when IS_NODE (tensorflow/tfjs#3830).
 * 2. The pthread workers are created from `blob:` URLs (worker script and main script), which Node's
 *    Worker cannot load. A Worker subclass swaps them for the same scripts shipped in `wasm-out/`.
 *    The glue assigns `global.Worker = worker_threads.Worker`, so the subclass is installed through a
 *    property whose setter ignores that assignment.
 * 3. tfjs caps XNNPACK's pool at os.cpus().length / 2 (it assumes two hyper-threads per core), i.e. one
 *    thread on a 2-vCPU machine. os.cpus is doubled while the module initialises.
 *
 * The pool workers are unref'd (always, see `ref`), so a timer keeps Node alive until they have loaded.
 */
export interface WasmThreadsOptions {
  /**
   * XNNPACK threads (at most 8, the size of tfjs's pool). Defaults to 1 (plain single-threaded wasm):
   * on our loaded 2-vCPU machine 2 threads gave no consistent gain for the CGAN seed step (+18% in one
   * pair of runs, -32% in another) and made the small CVAE/VAE-GAN steps slower (see README.md).
   */
  threads?: number;
}

type NodeRequire = (id: string) => unknown;

/** Node's require, from either build (ESM or CJS); node: modules are loaded only when threads are asked for. */
async function nodeRequire(): Promise<NodeRequire & { resolve(id: string): string }> {
  const { createRequire } = await import('node:module');
  return createRequire(typeof __filename === 'string' ? __filename : import.meta.url);
}

interface LoadMessage {
  cmd?: unknown;
  urlOrBlob?: unknown;
}

function makePthreadWorkerClass(req: Awaited<ReturnType<typeof nodeRequire>>): typeof NodeWorkerType {
  const { dirname, join } = req('node:path') as typeof import('node:path');
  const { Worker: NodeWorker } = req('node:worker_threads') as typeof import('node:worker_threads');
  const dir = join(dirname(req.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'wasm-out');
  const mainScript = join(dir, 'tfjs-backend-wasm-threaded-simd.js');
  const { wasmWorkerContents } = req(join(dir, 'tfjs-backend-wasm-threaded-simd.worker.js')) as {
    wasmWorkerContents: string;
  };
  // Same escaping as tfjs applies before turning this text into a Blob: '\n' inside string literals.
  const workerSource = wasmWorkerContents.replace(/\n/g, '\\n');
  return class PthreadWorker extends NodeWorker {
    constructor(url: string | URL, options?: WorkerOptions) {
      const fromBlob = String(url).startsWith('blob:');
      // The worker text is CommonJS; workers inherit execArgv, and `--input-type=module` would make Node
      // evaluate it as an ES module (no `require`).
      const execArgv = process.execArgv.filter((a) => !a.startsWith('--input-type'));
      super(fromBlob ? workerSource : url, fromBlob ? { ...options, eval: true, execArgv } : options);
      this.unref();
    }

    /**
     * Emscripten ref()s a worker while it runs a pthread, and XNNPACK's pool threads run forever, so the
     * process would never exit. The main thread blocks while they work, so they never need to keep it alive.
     */
    override ref(): void {}

    override postMessage(message: unknown, transfer?: Parameters<NodeWorkerType['postMessage']>[1]): void {
      const load = message as LoadMessage | null;
      if (
        load !== null &&
        typeof load === 'object' &&
        load.cmd === 'load' &&
        typeof load.urlOrBlob !== 'string'
      ) {
        super.postMessage({ ...(message as object), urlOrBlob: mainScript }, transfer);
        return;
      }
      super.postMessage(message, transfer);
    }
  };
}

/**
 * Initialises the 'wasm' backend with XNNPACK threads under Node and makes it the current backend.
 * Call it instead of `tf.setBackend('wasm')`, before anything else initialises the wasm backend.
 * Returns the thread count XNNPACK actually got. Outside Node it just sets the backend.
 */
export async function setWasmBackendWithThreads(options: WasmThreadsOptions = {}): Promise<number> {
  const tf = await import('@tensorflow/tfjs-core');
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  if (!env().getBool('IS_NODE')) {
    await tf.setBackend('wasm');
    return wasm.getThreadsCount();
  }
  const req = await nodeRequire();
  const os = req('node:os') as typeof import('node:os');
  const threads = options.threads ?? 1;
  if (!Number.isInteger(threads) || threads < 1) {
    throw new WasmTrainingError(`threads must be a positive integer, got ${threads}.`);
  }
  wasm.setThreadsCount(threads);
  env().set('WASM_HAS_MULTITHREAD_SUPPORT', threads > 1);

  const previousWorker = Object.getOwnPropertyDescriptor(globalThis, 'Worker');
  const PthreadWorker = makePthreadWorkerClass(req);
  Object.defineProperty(globalThis, 'Worker', {
    configurable: true,
    get: () => PthreadWorker,
    set: () => {},
  });
  const realCpus = os.cpus;
  os.cpus = () => [...realCpus(), ...realCpus()];
  const keepAlive = setInterval(() => {}, 1000);
  try {
    const ok = await tf.setBackend('wasm');
    await tf.ready();
    if (!ok)
      throw new WasmTrainingError(
        'The wasm backend failed to initialise with threads; retry without threads.',
      );
  } finally {
    clearInterval(keepAlive);
    os.cpus = realCpus;
    if (previousWorker) Object.defineProperty(globalThis, 'Worker', previousWorker);
    else Reflect.deleteProperty(globalThis, 'Worker');
  }
  return wasm.getThreadsCount();
}
