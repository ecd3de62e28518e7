import { InvalidOptionError } from '@ifa/core';
import * as tf from '@tensorflow/tfjs-core';
import { isNodeRuntime } from '../runtime';
import { probeWebgl } from '../webgl';
import { registerWebgpuBackend } from '../webgpu';
import { BackendUnavailableError } from './backend-unavailable-error';
import { loadWasmTrainingKernels, setWasmBackendWithThreads } from './wasm-training-hook';

/** What the user may ask for. `auto` picks the fastest backend that can train here. */
export type BackendPreference =
  | 'auto'
  | 'tensorflow'
  | 'tensorflow-gpu'
  | 'webgpu'
  | 'webgl'
  | 'wasm'
  | 'cpu';
export type BackendId = Exclude<BackendPreference, 'auto'>;
export type BackendPurpose = 'train' | 'inference';

export const BACKEND_PREFERENCES: readonly BackendPreference[] = [
  'auto',
  'tensorflow-gpu',
  'tensorflow',
  'webgpu',
  'webgl',
  'wasm',
  'cpu',
];

/** What a loader found: the tfjs backend name to activate and whether it can run our training step. */
export interface BackendProbe {
  /** Name registered with tfjs (`tensorflow`, `webgpu`, `webgl`, `wasm`, `cpu`). */
  tfjsName: string;
  /** False when the backend lacks gradient kernels our models need (stock wasm). */
  canTrain: boolean;
  /** Human detail for logs and `ifa info`: versions, GPU adapter, missing kernels. */
  detail: string;
  /** A software GPU adapter (SwiftShader, lavapipe, WARP): never chosen by `auto`. */
  software?: boolean;
}

/** What a loader is told: `explicit` when the user named this backend (so e.g. a software GPU is allowed). */
export interface BackendLoadContext {
  explicit: boolean;
}

/** Loads (imports and registers) one backend, or throws when it is not installed/usable here. */
export type BackendLoader = (context: BackendLoadContext) => Promise<BackendProbe>;
export type BackendLoaders = Partial<Record<BackendId, BackendLoader>>;

export interface SelectBackendOptions {
  prefer?: BackendPreference;
  /** `inference` accepts backends that cannot compute our gradients (stock wasm). */
  purpose?: BackendPurpose;
  /** Replace how each backend is loaded; tests inject fakes, missing entries use the real loaders. */
  loaders?: BackendLoaders;
  /** Makes the chosen tfjs backend current. Defaults to `tf.setBackend` + `tf.ready`. */
  activate?: (tfjsName: string) => Promise<boolean>;
  /** Where the choice is logged; pass `null` to stay silent. Defaults to `console.error`. */
  log?: ((message: string) => void) | null;
  /**
   * XNNPACK threads of the wasm backend under Node: a count, or `'auto'` (the default) for one per CPU
   * core, at most 8 (tfjs's pool). Pass 1 to force one thread. Only the first initialisation of wasm in a
   * process decides; other backends ignore it. See `wasm-training/README.md` for what threads gain per model.
   */
  threads?: number | 'auto';
}

export interface BackendAttempt {
  backend: BackendId;
  ok: boolean;
  reason: string;
}

export interface BackendSelection {
  backend: BackendId;
  tfjsName: string;
  /** One sentence: why this backend was chosen (and what was skipped). */
  reason: string;
  detail: string;
  attempts: BackendAttempt[];
  /** XNNPACK threads the wasm backend runs with (1 on other backends). */
  threads: number;
}

/**
 * `auto` tries these in order: native GPU, native CPU (Node), hardware WebGPU, hardware WebGL (browsers),
 * then the CPU backends that run everywhere.
 */
const AUTO_ORDER: readonly BackendId[] = ['tensorflow-gpu', 'tensorflow', 'webgpu', 'webgl', 'wasm', 'cpu'];

/** Kernels whose absence makes a backend unable to train our conv models. */
export const TRAINING_KERNELS: readonly string[] = ['Conv2DBackpropFilter', 'Conv2DBackpropInput'];

export const INSTALL_HINTS: Record<BackendId, string> = {
  'tensorflow-gpu':
    'Install it with `npm install @tensorflow/tfjs-node-gpu` (Linux x64 with CUDA; its installer downloads libtensorflow).',
  tensorflow:
    'Install it with `npm install @tensorflow/tfjs-node` (its installer downloads libtensorflow), or use --backend wasm.',
  webgpu:
    'Install `npm install webgpu @tensorflow/tfjs-backend-webgpu` and make sure a Vulkan/Metal/D3D12 driver is present, or use --backend wasm.',
  webgl:
    'WebGL runs in browsers only: add `@tensorflow/tfjs-backend-webgl` to your web app (your bundler includes it) and check that the browser has WebGL enabled, or use wasm.',
  wasm: 'Reinstall @ifa/train (it depends on @tensorflow/tfjs-backend-wasm), or use --backend cpu.',
  cpu: 'Reinstall @ifa/train (it depends on @tensorflow/tfjs-backend-cpu).',
};

function describeError(error: unknown): string {
  if (error instanceof BackendUnavailableError) return error.reason;
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      return 'package not installed';
    }
    return error.message.split('\n')[0] ?? String(error);
  }
  return String(error);
}

/** Imports a package by a runtime name, so bundlers and type-checkers do not require it to exist. */
async function importOptional(specifier: string): Promise<Record<string, unknown>> {
  return (await import(/* @vite-ignore */ specifier)) as Record<string, unknown>;
}

function missingKernels(tfjsName: string): string[] {
  return TRAINING_KERNELS.filter((kernel) => {
    try {
      return tf.getKernel(kernel, tfjsName) === undefined;
    } catch {
      return true;
    }
  });
}

function nativeVersion(mod: Record<string, unknown>, key: string): string {
  const versions = mod.version as Record<string, string> | undefined;
  return versions?.[key] ? `${key} ${versions[key]}` : key;
}

/** tfjs-node binds the TensorFlow C library: a browser cannot load it, whatever its bundle holds. */
function requireNode(backend: BackendId): void {
  if (!isNodeRuntime()) {
    throw new BackendUnavailableError(backend, 'it needs Node.js (a native addon)', INSTALL_HINTS[backend]);
  }
}

export const defaultBackendLoaders: Required<BackendLoaders> = {
  'tensorflow-gpu': async () => {
    requireNode('tensorflow-gpu');
    const mod = await importOptional('@tensorflow/tfjs-node-gpu');
    return { tfjsName: 'tensorflow', canTrain: true, detail: nativeVersion(mod, 'tfjs-node-gpu') };
  },
  tensorflow: async () => {
    requireNode('tensorflow');
    const mod = await importOptional('@tensorflow/tfjs-node');
    return { tfjsName: 'tensorflow', canTrain: true, detail: nativeVersion(mod, 'tfjs-node') };
  },
  webgl: async () => {
    // Checked before the import: in Node there is no canvas, and tfjs-backend-webgl would only warn.
    const probe = probeWebgl();
    if ('unavailable' in probe)
      throw new BackendUnavailableError('webgl', probe.unavailable, INSTALL_HINTS.webgl);
    await import('@tensorflow/tfjs-backend-webgl');
    const missing = missingKernels('webgl');
    const base = `tfjs-backend-webgl on WebGL ${probe.version}, ${probe.renderer || 'renderer not disclosed'}`;
    return {
      tfjsName: 'webgl',
      canTrain: missing.length === 0,
      detail: missing.length === 0 ? base : `${base}; missing gradient kernels: ${missing.join(', ')}`,
      software: probe.isSoftware,
    };
  },
  webgpu: async ({ explicit }) => {
    // Dawn + tfjs-backend-webgpu, both optional and imported dynamically inside ../webgpu (issue #10).
    // Software adapters (SwiftShader, lavapipe, WARP) only when asked for by name.
    const registration = await registerWebgpuBackend({ allowSoftware: explicit });
    return {
      tfjsName: registration.backendName,
      canTrain: true,
      detail: registration.reason,
      software: registration.adapter.isSoftware,
    };
  },
  wasm: async () => {
    await import('@tensorflow/tfjs-backend-wasm');
    const registration = await loadWasmTrainingKernels();
    const missing = missingKernels('wasm');
    const base = registration ? `tfjs-backend-wasm + ${registration}` : 'stock tfjs-backend-wasm';
    return {
      tfjsName: 'wasm',
      canTrain: missing.length === 0,
      detail: missing.length === 0 ? base : `${base}; missing gradient kernels: ${missing.join(', ')}`,
    };
  },
  cpu: async () => {
    await import('@tensorflow/tfjs-backend-cpu');
    return { tfjsName: 'cpu', canTrain: true, detail: 'tfjs-backend-cpu (pure JavaScript)' };
  },
};

/** How many XNNPACK threads `'auto'` asks for: one per core, within tfjs's pool of 8. */
export async function autoWasmThreads(): Promise<number> {
  let cores = 1;
  if (isNodeRuntime()) {
    const os = await import('node:os');
    cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  } else if (typeof navigator !== 'undefined') {
    cores = navigator.hardwareConcurrency ?? 1;
  }
  return Math.max(1, Math.min(8, cores));
}

/** Activates a backend (wasm under Node with XNNPACK threads) and remembers the thread count it got. */
function makeDefaultActivate(threads: number): {
  activate: (tfjsName: string) => Promise<boolean>;
  threadsUsed: () => number;
} {
  let used = 1;
  return {
    activate: async (tfjsName) => {
      if (tfjsName === 'wasm' && tf.env().getBool('IS_NODE')) {
        used = await setWasmBackendWithThreads({ threads });
        return tf.getBackend() === 'wasm';
      }
      const ok = await tf.setBackend(tfjsName);
      await tf.ready();
      return ok;
    },
    threadsUsed: () => used,
  };
}

/** Tries one backend; returns why it cannot be used (as text) or the probe when it can. */
async function tryBackend(
  loader: BackendLoader,
  purpose: BackendPurpose,
  explicit: boolean,
): Promise<{ probe: BackendProbe } | { reason: string; cause?: unknown }> {
  let probe: BackendProbe;
  try {
    probe = await loader({ explicit });
  } catch (error) {
    return { reason: describeError(error), cause: error };
  }
  if (purpose === 'train' && !probe.canTrain) {
    return { reason: `cannot train our models (${probe.detail})` };
  }
  if (probe.software && !explicit) {
    return { reason: `software adapter only (${probe.detail}); ask for it explicitly to use it` };
  }
  return { probe };
}

/**
 * Loads, activates and reports one tfjs backend. `auto` walks tfjs-node-gpu, tfjs-node, WebGPU on
 * hardware, our training-capable wasm, then cpu. An explicit choice that cannot be honoured throws
 * {@link BackendUnavailableError} with install instructions instead of silently falling back.
 */
export async function selectBackend(options: SelectBackendOptions = {}): Promise<BackendSelection> {
  const prefer = options.prefer ?? 'auto';
  const purpose = options.purpose ?? 'train';
  const loaders: Required<BackendLoaders> = { ...defaultBackendLoaders, ...options.loaders };
  const threads = options.threads ?? 'auto';
  if (threads !== 'auto' && !(Number.isInteger(threads) && threads >= 1)) {
    throw new InvalidOptionError(
      { option: 'threads', value: threads, expected: "a positive integer or 'auto'" },
      { hint: 'Pass 1 to force one thread, or leave it out for one per core.' },
    );
  }
  const wantedThreads = threads === 'auto' ? await autoWasmThreads() : threads;
  const defaultActivation = makeDefaultActivate(wantedThreads);
  // An injected activation (tests) reports one thread: it says nothing of how it set wasm up.
  const activate = options.activate ?? defaultActivation.activate;
  const threadsUsed = options.activate ? () => 1 : defaultActivation.threadsUsed;
  const log = options.log === undefined ? (message: string) => console.error(message) : options.log;

  if (!BACKEND_PREFERENCES.includes(prefer)) {
    throw new BackendUnavailableError(
      String(prefer),
      'unknown backend name',
      `Choose one of: ${BACKEND_PREFERENCES.join(', ')}.`,
    );
  }

  const candidates = prefer === 'auto' ? AUTO_ORDER : [prefer];
  const attempts: BackendAttempt[] = [];
  for (const backend of candidates) {
    const result = await tryBackend(loaders[backend], purpose, prefer !== 'auto');
    if ('reason' in result) {
      attempts.push({ backend, ok: false, reason: result.reason });
      if (prefer !== 'auto') {
        throw new BackendUnavailableError(backend, result.reason, INSTALL_HINTS[backend], {
          cause: result.cause,
        });
      }
      continue;
    }
    const activated = await activate(result.probe.tfjsName);
    if (!activated) {
      const reason = `tfjs could not initialise backend '${result.probe.tfjsName}'`;
      attempts.push({ backend, ok: false, reason });
      if (prefer !== 'auto') throw new BackendUnavailableError(backend, reason, INSTALL_HINTS[backend]);
      continue;
    }
    attempts.push({ backend, ok: true, reason: result.probe.detail });
    const skipped = attempts.filter((a) => !a.ok).map((a) => `${a.backend}: ${a.reason}`);
    const reason =
      prefer === 'auto'
        ? `auto chose '${backend}' (${result.probe.detail})` +
          (skipped.length > 0 ? `; skipped ${skipped.join('; ')}` : '')
        : `'${backend}' was requested (${result.probe.detail})`;
    const threadCount = threadsUsed();
    const withThreads = result.probe.tfjsName === 'wasm' ? `${reason}; ${threadCount} thread(s)` : reason;
    log?.(`[ifa] backend: ${withThreads}`);
    return {
      backend,
      tfjsName: result.probe.tfjsName,
      reason: withThreads,
      detail: result.probe.detail,
      attempts,
      threads: threadCount,
    };
  }
  // Unreachable in practice: cpu ships with @ifa/train. Still typed, in case a loader is overridden.
  throw new BackendUnavailableError(
    'auto',
    `no backend could be loaded (${attempts.map((a) => `${a.backend}: ${a.reason}`).join('; ')})`,
    INSTALL_HINTS.cpu,
  );
}

export interface BackendAvailability {
  backend: BackendId;
  available: boolean;
  canTrain: boolean;
  detail: string;
}

/** Probes every backend without activating any, for `ifa info`. Loading may register backends. */
export async function probeBackends(loaders: BackendLoaders = {}): Promise<BackendAvailability[]> {
  const all: Required<BackendLoaders> = { ...defaultBackendLoaders, ...loaders };
  const result: BackendAvailability[] = [];
  for (const backend of AUTO_ORDER) {
    try {
      // As `auto` would see it: software GPU adapters are reported, not accepted.
      const probe = await all[backend]({ explicit: false });
      result.push({ backend, available: true, canTrain: probe.canTrain, detail: probe.detail });
    } catch (error) {
      result.push({ backend, available: false, canTrain: false, detail: describeError(error) });
    }
  }
  return result;
}
