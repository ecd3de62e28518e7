import { InvalidOptionError } from '@ifa/core';
import * as tf from '@tensorflow/tfjs-core';
import { InvalidInputError, NonFiniteOutputError } from '../errors';
import { deriveSeed } from '../random';

/** Default most images one forward pass makes; `generate` splits bigger batches (see {@link runGenerate}). */
export const DEFAULT_GENERATE_MAX_BATCH = 64;

/**
 * Most float32 values one `generate` call may return (2^28, 1 GiB): about 342,000 images of 28 x 28. The
 * result is one tensor, and the wasm backend's whole heap is 4 GiB at most; ask for more in several calls.
 */
export const MAX_GENERATE_OUTPUT_VALUES = 2 ** 28;

/** Backends whose tensors live in CPU memory, where reading a count back costs nothing. */
const CPU_RESIDENT_BACKENDS = new Set(['cpu', 'wasm', 'tensorflow']);

/** Sub-seed stream of chunk k > 0 (chunk 0 keeps the caller's seed, so small batches are unchanged). */
const CHUNK_STREAM = 1000;

function resolveMaxBatch(maxBatch: unknown): number {
  if (maxBatch === undefined) return DEFAULT_GENERATE_MAX_BATCH;
  if (typeof maxBatch !== 'number' || !Number.isSafeInteger(maxBatch) || maxBatch < 1) {
    throw new InvalidOptionError(
      { option: 'maxBatch', value: maxBatch, expected: 'a positive integer' },
      { hint: `The most images per forward pass (default ${DEFAULT_GENERATE_MAX_BATCH}).` },
    );
  }
  return maxBatch;
}

/** How a class-conditioned model's `generate` uses its audio classifier; see `GenerateOptions.heard`. */
export type HeardCondition = 'probabilities' | 'most-likely';

/** Every {@link HeardCondition}, for validation and help text. */
export const HEARD_CONDITIONS: readonly HeardCondition[] = ['probabilities', 'most-likely'];

/**
 * The `heard` generation option, checked: `'probabilities'` when omitted. {@link runGenerate} checks it for
 * every model, so a typo fails on the CGAN too, which has no classifier to use it.
 */
export function resolveHeard(heard: unknown): HeardCondition {
  if (heard === undefined) return 'probabilities';
  if (typeof heard !== 'string' || !(HEARD_CONDITIONS as readonly string[]).includes(heard)) {
    throw new InvalidOptionError(
      { option: 'heard', value: heard, expected: HEARD_CONDITIONS.map((h) => `'${h}'`).join(' or ') },
      {
        hint: "'most-likely' draws the digit the audio classifier hears most likely; 'probabilities' (the default) a blend of its class probabilities.",
      },
    );
  }
  return heard as HeardCondition;
}

function countNonFinite(x: tf.Tensor): tf.Scalar {
  return tf.sum(tf.cast(tf.logicalNot(tf.isFinite(x)), 'int32'));
}

/**
 * The one path of every model's `generate`. It
 * - splits `audio` into chunks of at most `maxBatch` (default 64) images, so memory stays bounded
 *   however big the batch (one pass over 100,000 images needs ~200 GB for the CGAN and crashed the wasm
 *   backend). Chunk 0 uses `seed` itself and chunk k gets `deriveSeed(seed, 1000 + k)`: batches up to
 *   `maxBatch` give the same images as before; bigger ones depend on the seed and `maxBatch`;
 * - refuses results of more than {@link MAX_GENERATE_OUTPUT_VALUES} values (`InvalidInputError`);
 * - on backends whose tensors are in CPU memory (cpu, wasm, tfjs-node), checks the raw network output
 *   of each chunk, before clipping, for NaN or infinite values: `InvalidInputError` if the input holds
 *   them, else `NonFiniteOutputError`. GPU backends (webgl, webgpu) are not checked here, since that would
 *   need a synchronous read from the GPU (webgpu in Node cannot do one at all).
 *
 * `forward(chunk, seed)` returns the raw network output; `finish` maps it to the final images.
 */
export function runGenerate(
  kind: string,
  audio: tf.Tensor4D,
  options: { maxBatch?: number; heard?: HeardCondition },
  seed: number,
  forward: (chunk: tf.Tensor4D, seed: number) => tf.Tensor,
  finish: (raw: tf.Tensor) => tf.Tensor4D,
  imageValues: number,
): tf.Tensor4D {
  const maxBatch = resolveMaxBatch(options.maxBatch);
  resolveHeard(options.heard);
  const n = audio.shape[0];
  if (n * imageValues > MAX_GENERATE_OUTPUT_VALUES) {
    throw new InvalidInputError(
      `generate was asked for ${n} images (${n * imageValues} values), more than one call returns ` +
        `(${MAX_GENERATE_OUTPUT_VALUES}, 1 GiB of float32). Call generate several times with at most ` +
        `${Math.floor(MAX_GENERATE_OUTPUT_VALUES / imageValues)} images each, reading and disposing each result.`,
    );
  }
  const check = CPU_RESIDENT_BACKENDS.has(tf.getBackend());
  const parts: tf.Tensor4D[] = [];
  try {
    for (let start = 0, k = 0; start < n; start += maxBatch, k++) {
      const size = Math.min(maxBatch, n - start);
      parts.push(
        tf.tidy(() => {
          const chunk =
            size === n ? audio : (tf.slice(audio, [start, 0, 0, 0], [size, -1, -1, -1]) as tf.Tensor4D);
          const raw = forward(chunk, k === 0 ? seed : deriveSeed(seed, CHUNK_STREAM + k));
          if (check) {
            const [badInput, badOutput] = tf.stack([countNonFinite(chunk), countNonFinite(raw)]).dataSync();
            if (badInput! > 0) {
              throw new InvalidInputError(
                `audio holds ${badInput} NaN or infinite value${badInput === 1 ? '' : 's'}` +
                  `${n > size ? ` in images ${start} to ${start + size - 1}` : ''}; spectrogram images must be finite.`,
              );
            }
            if (badOutput! > 0) throw new NonFiniteOutputError(kind, badOutput!, raw.size);
          }
          return finish(raw);
        }),
      );
    }
    if (parts.length === 1) return parts.pop()!;
    return tf.concat(parts, 0);
  } finally {
    tf.dispose(parts);
  }
}
