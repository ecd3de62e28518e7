import { InvalidOptionError } from '@ifa/core';
import * as tf from '@tensorflow/tfjs-core';
import { ALEA_NORMAL_WASM_BASE64 } from './alea-normal-wasm';

/**
 * Seeds are numbers; tfjs' seeded generators (seedrandom) accept any finite number but we keep them 32-bit.
 * Anything else (NaN, Infinity, a string) throws `InvalidOptionError` for option `seed`.
 */
export function resolveSeed(seed: number | undefined): number {
  if (seed === undefined) return Math.floor(Math.random() * 2 ** 31);
  if (typeof seed !== 'number' || !Number.isFinite(seed)) {
    throw new InvalidOptionError({ option: 'seed', value: seed, expected: 'a finite number' });
  }
  return seed;
}

/**
 * Independent sub-seeds from one user seed, so e.g. the VAE-GAN noise map and the reparameterisation noise
 * are not the same random stream.
 */
export function deriveSeed(seed: number, stream: number): number {
  return (Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(stream + 1, 0x85ebca6b)) >>> 1;
}

/**
 * tfjs treats a seed of 0 as "no seed" (`seed ? seed : Math.random()`), so `generate(audio, { seed: 0 })`
 * would draw fresh noise on every call. 0 is passed on as the smallest positive double instead, which no
 * integer seed can collide with.
 */
function tfjsSeed(seed: number): number {
  return seed === 0 ? Number.MIN_VALUE : seed;
}

/** Alea's generator state: s0, s1, s2 in [0, 1) (multiples of 2^-32) and the integer carry c. */
export type AleaState = { s0: number; s1: number; s2: number; c: number };

/**
 * Seeds an Alea generator exactly as seedrandom's `alea(key)` does (Baagoe's Mash over the key string),
 * and returns its state: the numbers tfjs's seeded ops draw from.
 */
export function aleaState(key: string): AleaState {
  let n = 0xefc8249d;
  const mash = (data: string): number => {
    for (let i = 0; i < data.length; i++) {
      n += data.charCodeAt(i);
      let h = 0.02519603282416938 * n;
      n = h >>> 0;
      h -= n;
      h *= n;
      n = h >>> 0;
      h -= n;
      n += h * 0x100000000;
    }
    return (n >>> 0) * 2.3283064365386963e-10;
  };
  let s0 = mash(' ');
  let s1 = mash(' ');
  let s2 = mash(' ');
  s0 -= mash(key);
  if (s0 < 0) s0 += 1;
  s1 -= mash(key);
  if (s1 < 0) s1 += 1;
  s2 -= mash(key);
  if (s2 < 0) s2 += 1;
  return { s0, s1, s2, c: 1 };
}

/**
 * `count` standard normal values, the very numbers `tf.randomNormal(shape, 0, 1, 'float32', seed)` draws
 * (Marsaglia's polar method over seedrandom's Alea, as tfjs's `MPRandGauss`). The VAE-GAN draws a
 * [32, 28, 28, 100] noise map per forward pass, two per training step. tfjs took 154-169 ms for one;
 * `createAleaNormalKernel`'s WebAssembly takes about 30 and this module's JavaScript loop 50-70. The loop
 * remains for runtimes without WebAssembly, and as the reference the kernel is tested against.
 */
export function seededNormalValues(count: number, seed: number): Float32Array {
  const state = aleaState(String(tfjsSeed(seed)));
  return ALEA_NORMAL_KERNEL === null ? normalValuesJs(count, state) : ALEA_NORMAL_KERNEL.draw(count, state);
}

/** The polar method over Alea with the generator's state in locals (not object fields behind closures). */
export function normalValuesJs(count: number, state: AleaState): Float32Array {
  let { s0, s1, s2, c } = state;
  const out = new Float32Array(count);
  let i = 0;
  while (i < count) {
    let v1: number;
    let v2: number;
    let s: number;
    do {
      let t = 2091639 * s0 + c * 2.3283064365386963e-10;
      s0 = s1;
      s1 = s2;
      c = t | 0;
      s2 = t - c;
      v1 = 2 * s2 - 1;
      t = 2091639 * s0 + c * 2.3283064365386963e-10;
      s0 = s1;
      s1 = s2;
      c = t | 0;
      s2 = t - c;
      v2 = 2 * s2 - 1;
      s = v1 * v1 + v2 * v2;
    } while (s >= 1 || s === 0);
    const mul = Math.sqrt((-2.0 * Math.log(s)) / s);
    out[i++] = v1 * mul;
    if (i < count) out[i++] = v2 * mul;
  }
  return out;
}

/** Pairs per round of `alea-normal.wat`: its scratch (32 bytes a pair) fits the module's three pages. */
const CHUNK_PAIRS = 4096;

interface AleaNormalExports {
  memory: WebAssembly.Memory;
  seed(s0: number, s1: number, s2: number, c: number): void;
  pairs(n: number, vs: number, ss: number): void;
  scale(n: number, vs: number, ss: number, out: number): void;
  /** fdlibm's log, exported for the tests that hold it to Math.log. */
  log(x: number): number;
  /** n logarithms from `input` to `out` (float64s) through the two-lane log `scale` uses, for the tests. */
  logs(n: number, input: number, out: number): void;
}

/**
 * `alea-normal.wat`, instantiated once (1.3 kB, compiled synchronously at import). It draws the pairs
 * and scales them, with fdlibm's logarithm: the algorithm of V8's and SpiderMonkey's Math.log, so in
 * those engines the values are tfjs's to the bit (JavaScriptCore's Math.log is the system's, so tfjs's
 * own noise can differ there in the last bit; this kernel's does not). Its state lives only for one
 * `draw`, which seeds it first; JavaScript cannot re-enter a draw, so sharing the instance is safe.
 */
export function createAleaNormalKernel(): {
  draw(count: number, state: AleaState): Float32Array;
  /**
   * The same values written straight into the kernel's own memory, which grows to hold them (and keeps
   * that size): a view that the next draw overwrites, for a caller that copies it at once.
   */
  drawInPlace(count: number, state: AleaState): Float32Array;
  log(x: number): number;
  /** Logarithms through the kernel's two-lane (SIMD) log, the one its draws use. */
  logs(xs: Float64Array): Float64Array;
} | null {
  if (typeof WebAssembly === 'undefined') return null;
  let kernel: AleaNormalExports;
  try {
    const bytes = Uint8Array.from(atob(ALEA_NORMAL_WASM_BASE64), (ch) => ch.charCodeAt(0));
    kernel = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as unknown as AleaNormalExports;
  } catch {
    // A page whose Content-Security-Policy forbids compiling WebAssembly: the JavaScript loop draws the same values.
    return null;
  }
  const vs = 0;
  const ss = vs + 16 * CHUNK_PAIRS;
  const outAt = ss + 8 * CHUNK_PAIRS;
  const pageBytes = 65536;
  // Only drawInPlace grows the memory, and it makes its view after growing; `draw` takes fresh views.
  return {
    log: (x) => kernel.log(x),
    logs(xs) {
      const out = new Float64Array(xs.length);
      const input = new Float64Array(kernel.memory.buffer, vs, 2 * CHUNK_PAIRS);
      const result = new Float64Array(kernel.memory.buffer, ss, CHUNK_PAIRS);
      for (let done = 0; done < xs.length; done += CHUNK_PAIRS) {
        const n = Math.min(CHUNK_PAIRS, xs.length - done);
        input.set(xs.subarray(done, done + n));
        kernel.logs(n, vs, ss);
        out.set(result.subarray(0, n), done);
      }
      return out;
    },
    drawInPlace(count, state) {
      // Room for an odd count's last pair, whose second value is dropped.
      const needed = outAt + 4 * (count + 1);
      if (needed > kernel.memory.buffer.byteLength) {
        kernel.memory.grow(Math.ceil((needed - kernel.memory.buffer.byteLength) / pageBytes));
      }
      kernel.seed(state.s0, state.s1, state.s2, state.c);
      for (let done = 0; done < count; ) {
        const pairs = Math.min(CHUNK_PAIRS, Math.ceil((count - done) / 2));
        kernel.pairs(pairs, vs, ss);
        kernel.scale(pairs, vs, ss, outAt + 4 * done);
        done += 2 * pairs;
      }
      return new Float32Array(kernel.memory.buffer, outAt, count);
    },
    draw(count, state) {
      kernel.seed(state.s0, state.s1, state.s2, state.c);
      const values = new Float32Array(kernel.memory.buffer, outAt, 2 * CHUNK_PAIRS);
      const out = new Float32Array(count);
      for (let done = 0; done < count; ) {
        const pairs = Math.min(CHUNK_PAIRS, Math.ceil((count - done) / 2));
        kernel.pairs(pairs, vs, ss);
        kernel.scale(pairs, vs, ss, outAt);
        // An odd count keeps only the first value of the last pair, as the JavaScript loop does.
        const take = Math.min(2 * pairs, count - done);
        out.set(values.subarray(0, take), done);
        done += take;
      }
      return out;
    },
  };
}

const ALEA_NORMAL_KERNEL = createAleaNormalKernel();

/** Standard normal noise of `shape`, equal value for value to tfjs's seeded `randomNormal`. */
export function standardNormal(shape: number[], seed: number): tf.Tensor {
  const count = shape.reduce((a, b) => a * b, 1);
  // tfjs-backend-wasm copies a new tensor's values into its heap at once (BackendWasm.write), so it can
  // take the kernel's own memory: no array of the map's size to allocate and fill (about 16 ms of a
  // VAE-GAN training step per [32, 28, 28, 100] map). Every other backend keeps the array it is given.
  if (ALEA_NORMAL_KERNEL !== null && tf.getBackend() === 'wasm') {
    const state = aleaState(String(tfjsSeed(seed)));
    return tf.tensor(ALEA_NORMAL_KERNEL.drawInPlace(count, state), shape, 'float32');
  }
  return tf.tensor(seededNormalValues(count, seed), shape, 'float32');
}

export function uniform01(shape: number[], seed: number): tf.Tensor {
  return tf.randomUniform(shape, 0, 1, 'float32', tfjsSeed(seed));
}
