import type { SparseFilterBank } from '../mel';
import { DB_PER_NEPER, INVERSE_CENTRE, LN_CENTRE, type ResolvedPowerToDb, referenceDb } from '../power-to-db';
import { paddedSlice } from '../stft';
import {
  type FftBackend,
  type FramePowerKernel,
  JS_FFT,
  type MelFramesJob,
  magnitudeToPower,
  SingleFrameKernel,
} from './index';

/**
 * The exports of PFFFT's WebAssembly build (@echogarden/pffft-wasm 0.4.2, dist/simd). Emscripten
 * minified their names; this map is read off that version's JS glue (`_pffft_new_setup = wasmExports.k`
 * and so on), which is why the package is pinned to one exact version and `loadWasmFft` checks the
 * module before use. The glue itself is not used: it needs Node built-ins or a URL to fetch the file.
 */
interface PffftExports {
  /** Linear memory. */
  d: WebAssembly.Memory;
  /** __wasm_call_ctors */
  e(): void;
  /** pffft_aligned_malloc(bytes) */
  f(bytes: number): number;
  /** pffft_aligned_free(pointer) */
  h(pointer: number): void;
  /** pffft_simd_size(): 4 when built with SIMD */
  j(): number;
  /** pffft_new_setup(n, 0 = real | 1 = complex): 0 when n is not supported */
  k(n: number, transform: number): number;
  /** pffft_transform_ordered(setup, input, output, work, 0 = forward | 1 = backward) */
  p(setup: number, input: number, output: number, work: number, direction: number): void;
}

const PFFFT_REAL = 0;
const PFFFT_FORWARD = 0;

/** One instance of PFFFT and its heap. */
class Pffft {
  /** Float32 view of the whole memory, renewed whenever the memory grows (which detaches the old one). */
  heap: Float32Array;
  constructor(readonly exports: PffftExports) {
    this.heap = new Float32Array(exports.d.buffer);
  }

  /** Byte address of `count` 16-byte aligned floats (float index: address >> 2). Free with `exports.h`. */
  allocFloats(count: number): number {
    const pointer = this.exports.f(4 * count);
    if (pointer === 0) throw new Error('PFFFT: out of memory');
    this.heap = new Float32Array(this.exports.d.buffer);
    return pointer;
  }
}

/** PFFFT's real transform (float32, SIMD) with JS windowing and |X|^power around it. */
class PffftKernel extends SingleFrameKernel {
  /** Float indices into the heap (byte address / 4). */
  readonly input: number;
  readonly output: number;
  readonly work: number;
  /** For {@link SpectrogramKernels}: the window as float32, and |X|^power (n / 2 + 4 floats, zeros past n / 2). */
  readonly window: number;
  readonly powers: number;
  /** The window last copied to `window`, so a cached one is copied once. */
  copiedWindow: Float64Array | null = null;
  constructor(
    private readonly pffft: Pffft,
    readonly setup: number,
    readonly size: number,
  ) {
    super();
    this.input = pffft.allocFloats(size) >> 2;
    this.output = pffft.allocFloats(size) >> 2;
    this.work = pffft.allocFloats(size) >> 2;
    this.window = pffft.allocFloats(size) >> 2;
    this.powers = pffft.allocFloats(size / 2 + 4) >> 2;
    pffft.heap.fill(0, this.powers, this.powers + size / 2 + 4);
  }

  protected framePower(
    signal: Float32Array,
    offset: number,
    window: Float64Array,
    power: number,
    out: Float64Array,
  ): void {
    const n = this.size;
    const heap = this.pffft.heap;
    const input = this.input;
    for (let i = 0; i < n; i++) heap[input + i] = signal[offset + i]! * window[i]!;
    this.pffft.exports.p(this.setup, 4 * input, 4 * this.output, 4 * this.work, PFFFT_FORWARD);
    // Ordered real output: [X0, X(n/2), re X1, im X1, re X2, im X2, ...], both end bins real.
    const o = this.output;
    const half = n / 2;
    if (power === 2) {
      const dc = heap[o]!;
      const nyquist = heap[o + 1]!;
      out[0] = dc * dc;
      out[half] = nyquist * nyquist;
      for (let k = 1, j = o + 2; k < half; k++, j += 2) {
        const re = heap[j]!;
        const im = heap[j + 1]!;
        out[k] = re * re + im * im;
      }
      return;
    }
    out[0] = magnitudeToPower(heap[o]!, 0, power);
    out[half] = magnitudeToPower(heap[o + 1]!, 0, power);
    for (let k = 1; k < half; k++) out[k] = magnitudeToPower(heap[o + 2 * k]!, heap[o + 2 * k + 1]!, power);
  }
}

/** The exports of src/fft/spectrogram-kernels.wat; byte addresses in PFFFT's memory. */
interface SpectrogramKernelExports {
  melFrames(
    setup: number,
    input: number,
    output: number,
    work: number,
    signal: number,
    hopBytes: number,
    nFrames: number,
    n: number,
    window: number,
    magnitude: number,
    powers: number,
    nMels: number,
    filters: number,
    weights: number,
    dst: number,
  ): void;
  /** The largest of `count` floats at `src` (NaN ignored; -Infinity when none). */
  maxValue(src: number, count: number): number;
  /** dst = scale * ln(max(amin, src)) - offset, as powerToDb's JS; returns the largest. */
  powerToDb(
    src: number,
    dst: number,
    count: number,
    tables: number,
    amin: number,
    scale: number,
    offset: number,
  ): number;
  /** dst[i] = max(dst[i], floor), NaN kept. */
  clampBelow(dst: number, count: number, floor: number): void;
}

/** A filter bank in the heap, laid out as spectrogram-kernels.wat reads it. */
interface PackedFilterBank {
  /** Byte addresses. */
  filters: number;
  weights: number;
}

/** A heap buffer reused across calls, reallocated only to grow. */
class Scratch {
  private pointer = 0;
  private floats = 0;
  constructor(private readonly pffft: Pffft) {}

  /** Float index of a buffer of at least `count` floats (contents undefined). May grow the memory. */
  reserve(count: number): number {
    if (count > this.floats) {
      if (this.pointer !== 0) this.pffft.exports.h(4 * this.pointer);
      this.pointer = 0;
      this.floats = 0; // stays empty if the allocation below throws
      this.pointer = this.pffft.allocFloats(count) >> 2;
      this.floats = count;
    }
    return this.pointer;
  }
}

/**
 * The kernels of spectrogram-kernels.wat, run on copies in PFFFT's heap. A {@link MelFramesJob}: the
 * signal is copied (padded) in once, one call does every frame, and the spectrogram is copied out.
 * powerToDb: values in, dB out. Scratch buffers grow as needed and are reused.
 */
class SpectrogramKernels {
  private readonly banks = new WeakMap<SparseFilterBank, PackedFilterBank>();
  private readonly signal: Scratch;
  private readonly dst: Scratch;
  private readonly dbInput: Scratch;
  private readonly dbOutput: Scratch;
  /** Byte address of powerToDb's two 128-entry f64 tables, copied from the JS ones. */
  private readonly tables: number;
  constructor(
    private readonly pffft: Pffft,
    private readonly exports: SpectrogramKernelExports,
  ) {
    this.signal = new Scratch(pffft);
    this.dst = new Scratch(pffft);
    this.dbInput = new Scratch(pffft);
    this.dbOutput = new Scratch(pffft);
    const entries = INVERSE_CENTRE.length;
    this.tables = pffft.allocFloats(4 * entries);
    const tables = new Float64Array(pffft.exports.d.buffer, this.tables, 2 * entries);
    tables.set(INVERSE_CENTRE);
    tables.set(LN_CENTRE, entries);
  }

  /** powerToDb in WebAssembly: the same operations as the JS, so the same floats. */
  powerToDb(values: Float32Array, { ref, amin, topDb }: ResolvedPowerToDb): Float32Array {
    const count = values.length;
    const src = this.dbInput.reserve(count);
    const dst = this.dbOutput.reserve(count);
    const heap = this.pffft.heap;
    heap.set(values, src);
    // As the JS: librosa's np.max of an empty array raises; an empty input has nothing to scale, so 1.
    const reference = ref !== 'max' ? ref : count === 0 ? 1 : this.exports.maxValue(4 * src, count);
    const offset = referenceDb(reference, amin);
    const peak = this.exports.powerToDb(4 * src, 4 * dst, count, this.tables, amin, DB_PER_NEPER, offset);
    // The f32 parameter rounds the floor as storing it into the JS Float32Array does.
    if (topDb !== null) this.exports.clampBelow(4 * dst, count, peak - topDb);
    return heap.slice(dst, dst + count);
  }

  run(job: MelFramesJob, kernel: PffftKernel): void {
    const { signal, pad, nFft, nFrames, bank, out } = job;
    const paddedLength = signal.length + 2 * pad;
    const base = this.signal.reserve(paddedLength);
    const dst = this.dst.reserve(out.length);
    const packed = this.pack(bank);
    // Every allocation is above, so the heap view is current from here on.
    const heap = this.pffft.heap;
    if (pad > 0) {
      paddedSlice(signal, -pad, job.padMode, heap.subarray(base, base + pad));
      paddedSlice(
        signal,
        signal.length,
        job.padMode,
        heap.subarray(base + pad + signal.length, base + paddedLength),
      );
    }
    heap.set(signal, base + pad);
    if (kernel.copiedWindow !== job.window) {
      heap.set(job.window, kernel.window);
      kernel.copiedWindow = job.window;
    }
    this.exports.melFrames(
      kernel.setup,
      4 * kernel.input,
      4 * kernel.output,
      4 * kernel.work,
      4 * base,
      4 * job.hopLength,
      nFrames,
      nFft,
      4 * kernel.window,
      job.power === 1 ? 1 : 0,
      4 * kernel.powers,
      bank.nMels,
      packed.filters,
      packed.weights,
      4 * dst,
    );
    out.set(heap.subarray(dst, dst + out.length));
  }

  /** Each filter's span rounded up to a multiple of 4 bins with zero weights; packed once per bank. */
  private pack(bank: SparseFilterBank): PackedFilterBank {
    let packed = this.banks.get(bank);
    if (packed) return packed;
    const { nMels, start, end } = bank;
    const spans = Array.from({ length: nMels }, (_, m) => (end[m]! - start[m]! + 3) & ~3);
    const totalWeights = spans.reduce((sum, span) => sum + span, 0);
    // Never freed: filter banks are cached for the life of the process too.
    const filters = this.pffft.allocFloats(3 * nMels) >> 2;
    const weights = this.pffft.allocFloats(Math.max(totalWeights, 4)) >> 2;
    const records = new Int32Array(this.pffft.exports.d.buffer, 4 * filters, 3 * nMels);
    const heap = this.pffft.heap;
    for (let m = 0, w = 0; m < nMels; m++) {
      const count = end[m]! - start[m]!;
      records[3 * m] = start[m]!;
      records[3 * m + 1] = spans[m]!;
      records[3 * m + 2] = w;
      heap.set(bank.weights.subarray(bank.offset[m]!, bank.offset[m]! + count), weights + w);
      heap.fill(0, weights + w + count, weights + w + spans[m]!);
      w += spans[m]!;
    }
    packed = { filters: 4 * filters, weights: 4 * weights };
    this.banks.set(bank, packed);
    return packed;
  }
}

class PffftBackend implements FftBackend {
  readonly name = 'pffft-wasm-simd';
  private readonly kernels = new Map<number, FramePowerKernel>();
  constructor(
    private readonly pffft: Pffft,
    private readonly spectrogram: SpectrogramKernels,
  ) {}

  powerToDb(values: Float32Array, options: ResolvedPowerToDb): Float32Array {
    return this.spectrogram.powerToDb(values, options);
  }

  melFrames(job: MelFramesJob): boolean {
    if (job.power !== 1 && job.power !== 2) return false;
    const kernel = this.kernel(job.nFft);
    if (!(kernel instanceof PffftKernel)) return false;
    this.spectrogram.run(job, kernel);
    return true;
  }

  kernel(size: number): FramePowerKernel {
    let kernel = this.kernels.get(size);
    if (!kernel) {
      // PFFFT's SIMD real transform takes sizes 2^a 3^b 5^c that are multiples of 32; others use JS.
      const setup = size % 32 === 0 ? this.pffft.exports.k(size, PFFFT_REAL) : 0;
      kernel = setup === 0 ? JS_FFT.kernel(size) : new PffftKernel(this.pffft, setup, size);
      this.kernels.set(size, kernel);
    }
    return kernel;
  }
}

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

async function instantiatePffft(bytes: Uint8Array<ArrayBuffer>): Promise<Pffft> {
  let memory: WebAssembly.Memory | undefined;
  const imports = {
    a: {
      // __assert_fail
      a: () => {
        throw new Error('PFFFT: internal assertion failed');
      },
      // emscripten_resize_heap(requestedBytes): 1 when the memory now holds that many bytes
      b: (requested: number) => {
        const current = memory!.buffer.byteLength;
        try {
          memory!.grow(Math.ceil((requested - current) / 65536));
          return 1;
        } catch {
          return 0;
        }
      },
      // emscripten_memcpy_js(dest, src, bytes)
      c: (dest: number, src: number, count: number) => {
        new Uint8Array(memory!.buffer).copyWithin(dest, src, src + count);
      },
    },
  };
  const { instance } = await WebAssembly.instantiate(bytes, imports);
  const exports = instance.exports as unknown as PffftExports;
  memory = exports.d;
  exports.e();
  if (exports.j() !== 4) throw new Error('PFFFT: not the SIMD build this package expects');
  return new Pffft(exports);
}

/**
 * An FFT backend running PFFFT (Julien Pommier's SIMD FFT, BSD-style licence) compiled to WebAssembly
 * with SIMD: float32, about 3x faster spectrograms than the default pure-JavaScript backend. Pass it as
 * `melSpectrogram(signal, { ..., fft })` or `new SpectrogramEncoder(config, limits, { fft })`, or use
 * `await SpectrogramEncoder.create(config)`. The module (39 kB, embedded in this package, loaded on the
 * first call only) needs an asynchronous compile in browsers, hence the promise. Where WebAssembly SIMD
 * is missing (Safari before 16.4, old Node) it resolves to the pure-JavaScript backend instead; check
 * `.name`. The module is instantiated once (its memory starts at 16 MB) and shared by every caller:
 * calls into it are synchronous, so they cannot interleave.
 */
export function loadWasmFft(): Promise<FftBackend> {
  loading ??= instantiateBackend().catch((error: unknown) => {
    loading = undefined; // let a later call try again
    throw error;
  });
  return loading;
}

let loading: Promise<FftBackend> | undefined;

async function instantiateBackend(): Promise<FftBackend> {
  if (typeof WebAssembly !== 'object' || typeof WebAssembly.instantiate !== 'function') return JS_FFT;
  const [{ PFFFT_SIMD_WASM_BASE64 }, { SPECTROGRAM_KERNELS_WASM_BASE64 }] = await Promise.all([
    import('./pffft-simd-wasm'),
    import('./spectrogram-kernels-wasm'),
  ]);
  const bytes = decodeBase64(PFFFT_SIMD_WASM_BASE64);
  const frameBytes = decodeBase64(SPECTROGRAM_KERNELS_WASM_BASE64);
  if (!WebAssembly.validate(bytes) || !WebAssembly.validate(frameBytes)) return JS_FFT;
  const pffft = await instantiatePffft(bytes);
  // The frame loop shares PFFFT's memory and calls its transform directly (a wasm-to-wasm call).
  const { instance } = await WebAssembly.instantiate(frameBytes, {
    env: { memory: pffft.exports.d, transform: pffft.exports.p, log: Math.log },
  });
  return new PffftBackend(
    pffft,
    new SpectrogramKernels(pffft, instance.exports as unknown as SpectrogramKernelExports),
  );
}
