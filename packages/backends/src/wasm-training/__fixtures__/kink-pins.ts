import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { LEAKY_RELU_GRAD_KERNEL } from '../leaky-relu-gradient.js';

/** The kernels whose output is a discrete decision on the sign of `a - b` (ReLU, LeakyReLU, |x|, clip grads). */
const DECISION_KERNELS = ['Step', 'Greater', 'GreaterEqual', 'Less', 'LessEqual'] as const;

/** A decision input counts as at the kink when |a - b| <= KINK_EPSILON * max |a - b| over the call. */
export const KINK_EPSILON = 1e-5;

interface Decision {
  kernel: string;
  /** a - b per output element, or undefined where the inputs' shapes do not allow it elementwise. */
  margin: Float32Array | undefined;
  out: ArrayLike<number>;
}

type Writable = Float32Array | Int32Array | Uint8Array;

interface KernelArgs {
  inputs: Record<string, tf.TensorInfo | undefined>;
  backend: tf.KernelBackend;
  attrs?: tf.NamedAttrMap;
}

function marginOf(args: KernelArgs, size: number): Float32Array | undefined {
  const [a, b] = Object.values(args.inputs) as Array<tf.TensorInfo | undefined>;
  if (a === undefined) return undefined;
  const av = args.backend.readSync(a.dataId) as ArrayLike<number>;
  if (av.length !== size) return undefined;
  const margin = Float32Array.from(av);
  if (b !== undefined) {
    const bv = args.backend.readSync(b.dataId) as ArrayLike<number>;
    if (bv.length !== size && bv.length !== 1) return undefined;
    for (let i = 0; i < size; i++)
      margin[i] = (margin[i] as number) - (bv[bv.length === 1 ? 0 : i] as number);
  }
  return margin;
}

/** The output's own storage, so that a replayed decision can be written into it. */
function storageOf(backendName: string, backend: tf.KernelBackend, out: tf.TensorInfo): Writable {
  if (backendName === 'wasm') return (backend as BackendWasm).typedArrayFromHeap(out) as Writable;
  return (backend as unknown as { data: { get(id: object): { values: Writable } } }).data.get(out.dataId)
    .values;
}

function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] as number));
  return m;
}

/**
 * Pins kink decisions. A ReLU (or LeakyReLU, |x|, clip) whose input is within rounding of its kink goes
 * one way on one backend and the other way on another, and that one element then changes every gradient
 * upstream (one such element moved a tiny-CGAN step by 7.4e-3 relative). That gap is a property of the
 * input, not of the kernels, so `record` notes every decision of a reference run and `replay` makes a
 * later run take the reference's decision wherever the reference's input was within `KINK_EPSILON` of
 * the kink. Decisions farther from the kink are left alone: flipping one of those is a real error.
 * Every decision kernel call must line up with the reference's (same kernel, same size), or `replay`
 * throws, since the two runs then did not compute the same graph. Used by models-training-step.test.ts;
 * see the Tests section of ../README.md.
 */
export class KinkPins {
  private mode: 'off' | 'record' | 'replay' = 'off';
  private decisions: Decision[] = [];
  private cursor = 0;
  private restore: Array<() => void> = [];
  /** Decisions that differed from the reference at the kink and were pinned, over all replays. */
  pinned = 0;
  /** Decision elements recorded by the last `record`. */
  get recorded(): number {
    return this.decisions.reduce((n, d) => n + d.out.length, 0);
  }

  /** Wraps the decision kernels of `backendNames` (registered ones only); `uninstall` puts them back. */
  install(backendNames: readonly string[]): void {
    for (const backendName of backendNames) {
      for (const kernelName of DECISION_KERNELS) {
        this.wrap(kernelName, backendName, (args, out) => {
          if (this.mode !== 'off') this.observe(kernelName, backendName, args, out);
        });
      }
      // Our LeakyReLU gradient kernel decides x > 0 inside itself, where tfjs's op chain (the reference,
      // on cpu) calls Greater: its call stands for that Greater, and a pinned element takes the other
      // branch, dy or dy * alpha, as the chain's select would.
      this.wrap(LEAKY_RELU_GRAD_KERNEL, backendName, (args, out) => {
        if (this.mode === 'replay') this.replayLeakyReluGrad(backendName, args, out);
        else if (this.mode === 'record') {
          throw new Error('kink pinning: record the reference on a backend with the op chain (cpu)');
        }
      });
    }
  }

  /** Registers `kernelName` on `backendName` (if it is registered) so that `after` sees each call's output. */
  private wrap(
    kernelName: string,
    backendName: string,
    after: (args: KernelArgs, out: tf.TensorInfo) => void,
  ): void {
    const original = tf.getKernel(kernelName, backendName);
    if (original === undefined) return;
    tf.unregisterKernel(kernelName, backendName);
    tf.registerKernel({
      ...original,
      kernelFunc: ((args: KernelArgs) => {
        const out = original.kernelFunc(args as never) as tf.TensorInfo;
        after(args, out);
        return out;
      }) as unknown as tf.KernelFunc,
    });
    this.restore.push(() => {
      tf.unregisterKernel(kernelName, backendName);
      tf.registerKernel(original);
    });
  }

  private replayLeakyReluGrad(backendName: string, args: KernelArgs, out: tf.TensorInfo): void {
    const size = tf.util.sizeFromShape(out.shape);
    const reference = this.decisions[this.cursor++];
    if (reference === undefined || reference.kernel !== 'Greater' || reference.out.length !== size) {
      throw new Error(
        `kink pinning: decision ${this.cursor - 1} is ${LEAKY_RELU_GRAD_KERNEL} (a Greater) of ${size} here but ` +
          `${reference === undefined ? 'nothing' : `${reference.kernel} of ${reference.out.length}`} in the reference`,
      );
    }
    const { margin } = reference;
    if (margin === undefined) return;
    const limit = KINK_EPSILON * maxAbs(margin);
    const x = args.backend.readSync((args.inputs.x as tf.TensorInfo).dataId) as Float32Array;
    const dy = args.backend.readSync((args.inputs.dy as tf.TensorInfo).dataId) as Float32Array;
    const alpha = Math.fround(args.attrs?.alpha as number);
    const values = storageOf(backendName, args.backend, out);
    for (let i = 0; i < size; i++) {
      const decided = (x[i] as number) > 0 ? 1 : 0;
      if (Math.abs(margin[i] as number) <= limit && decided !== reference.out[i]) {
        const d = dy[i] as number;
        values[i] = reference.out[i] === 1 ? d : d * alpha;
        this.pinned++;
      }
    }
  }

  uninstall(): void {
    for (const undo of this.restore.splice(0)) undo();
  }

  record<T>(fn: () => T): T {
    this.decisions = [];
    return this.during('record', fn);
  }

  replay<T>(fn: () => T): T {
    this.cursor = 0;
    const result = this.during('replay', fn);
    if (this.cursor !== this.decisions.length) {
      throw new Error(
        `kink pinning: the reference made ${this.decisions.length} decisions, this run ${this.cursor}`,
      );
    }
    return result;
  }

  private during<T>(mode: 'record' | 'replay', fn: () => T): T {
    this.mode = mode;
    try {
      return fn();
    } finally {
      this.mode = 'off';
    }
  }

  private observe(kernelName: string, backendName: string, args: KernelArgs, out: tf.TensorInfo): void {
    const size = tf.util.sizeFromShape(out.shape);
    if (this.mode === 'record') {
      const decided = Array.from(args.backend.readSync(out.dataId) as ArrayLike<number>);
      this.decisions.push({ kernel: kernelName, margin: marginOf(args, size), out: decided });
      return;
    }
    const reference = this.decisions[this.cursor++];
    if (reference === undefined || reference.kernel !== kernelName || reference.out.length !== size) {
      throw new Error(
        `kink pinning: decision ${this.cursor - 1} is ${kernelName} of ${size} here but ` +
          `${reference === undefined ? 'nothing' : `${reference.kernel} of ${reference.out.length}`} in the reference`,
      );
    }
    const { margin } = reference;
    if (margin === undefined) return;
    const limit = KINK_EPSILON * maxAbs(margin);
    const values = storageOf(backendName, args.backend, out);
    for (let i = 0; i < size; i++) {
      if (Math.abs(margin[i] as number) <= limit && values[i] !== reference.out[i]) {
        values[i] = reference.out[i] as number;
        this.pinned++;
      }
    }
  }
}
