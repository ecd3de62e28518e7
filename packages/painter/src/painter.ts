import {
  type BandStatistics,
  bandStatistics,
  type DecodedAudio,
  decodeWav,
  type EncoderLimits,
  normaliseBands,
  SpectrogramEncoder,
  type SpectrogramImage,
} from '@ifa/audio-features';
import { type BackendPreference, type BackendSelection, selectBackend } from '@ifa/backends';
import { InvalidOptionError } from '@ifa/core';
import {
  type AnyIfaModel,
  type HeardCondition,
  type HttpReaderOptions,
  type IfaModel,
  loadModel,
  MissingPreprocessingError,
  type ModelPreprocessing,
  type ModelPreprocessingInput,
  type ModelSource,
} from '@ifa/models';
import { resolvePreprocessing } from '@ifa/models/internal';
import * as tf from '@tensorflow/tfjs-core';

/**
 * One generated picture: `height` rows of `width` pixels with `channels` interleaved values each (1, grey,
 * for the digit models), row 0 at the top, every value a float in [0, 1] (0 black, 1 white). Float32 is
 * what the model computes, so nothing is rounded away; `toRgba` makes canvas pixels and `toPng`
 * (`@ifa/painter/node`) a PNG file.
 */
export interface PainterImage {
  width: number;
  height: number;
  channels: number;
  data: Float32Array;
}

/** WAV file contents, as `fs.readFile` (a `Buffer`), `fetch(...).arrayBuffer()` or a file input give them. */
export type WavBytes = Uint8Array | ArrayBuffer;

export interface PaintOptions {
  /**
   * Seed of the model's noise (VAE sampling, noise maps). Default 0, so the same recording always gives
   * the same picture; ignored by models without noise (the CGAN).
   */
  seed?: number;
  /** Refuse audio longer than this many seconds of sound (default: the encoder's, 10 s); `null`: no limit. */
  maxDurationSeconds?: number | null;
  /** Give an all-black input image for digital silence instead of throwing `SilentAudioError`. */
  allowSilence?: boolean;
  /**
   * The speaker's voice, from {@link Painter.voiceProfile} over a few of their recordings (any words; ten
   * are about as good as hundreds). Used by models trained with speaker normalisation
   * (`painter.preprocessing.speakerNormalisation`, `ifa train --normalise speaker`), whose input must be
   * mapped from the voice's band statistics to the training set's. Without it, each recording is
   * normalised by its own statistics, which also holds its word and reads worse. Ignored by other models.
   */
  voice?: VoiceProfile;
  /**
   * For models that hear the digit with an audio classifier (the CVAE, VAE-GAN and WGAN-GP
   * `recommended`): `'probabilities'` (default) draws from its class probabilities, a blend of digits when
   * it is unsure; `'most-likely'` draws the one digit it hears most likely (`GenerateOptions.heard` of
   * @ifa/models). Ignored by the CGAN.
   */
  heard?: HeardCondition;
}

/** A voice's band statistics (`bandStatistics` of @ifa/audio-features over its spectrograms). */
export type VoiceProfile = BandStatistics;

export interface PaintManyOptions extends PaintOptions {
  /**
   * Pictures per recording (1 to {@link MAX_COUNT}), each with different noise: the result has one array
   * of `count` images per recording. A model without noise (`painter.hasNoise` false) gives `count` equal
   * images.
   */
  count: number;
}

/** Most pictures one `count` asks for per recording. */
export const MAX_COUNT = 1024;

export interface LoadPainterOptions extends HttpReaderOptions {
  /**
   * Where the model computes. `'auto'` (default) picks the fastest backend that works here through
   * @ifa/backends' `selectBackend` (tfjs-node if installed, WebGPU on a real GPU, else WASM), a backend
   * name asks for that one (throwing `BackendUnavailableError` if it cannot be had), and `'current'`
   * keeps whatever tfjs backend you have set yourself.
   */
  backend?: BackendPreference | 'current';
  /** Where the backend choice is reported; default silent. E.g. `console.error`. */
  log?: ((message: string) => void) | null;
  /**
   * For a model folder that does not say how audio is encoded for it (no `preprocessing`, no legacy
   * `metadata.encoder`): the encoder config it was trained with. Without it such a model throws
   * `MissingPreprocessingError`. A model's own record always wins.
   */
  preprocessing?: ModelPreprocessingInput;
  /** What the encoder refuses by default (silence, audio longer than 10 s); calls may override them. */
  limits?: EncoderLimits;
  /** Most images per forward pass (default 64); bigger batches are split, memory stays bounded. */
  maxBatch?: number;
}

export interface Painter {
  /** The loaded model (owned by the painter: `dispose()` frees it). */
  readonly model: AnyIfaModel;
  /** How audio becomes the model's input: the record stored with the model. */
  readonly preprocessing: ModelPreprocessing;
  /** The encoder built from {@link preprocessing}. */
  readonly encoder: SpectrogramEncoder;
  /** The tfjs backend the painter computes on (`wasm`, `tensorflow`, `webgpu`, `cpu`, ...). */
  readonly backend: string;
  /** Why that backend (null with `backend: 'current'`). */
  readonly backendSelection: BackendSelection | null;
  /** Whether different seeds give different pictures (false for the CGAN). */
  readonly hasNoise: boolean;
  /** Size of every picture. */
  readonly imageShape: { width: number; height: number; channels: number };

  /** One picture for the recording in a WAV file (any rate, any channel count: the encoder adapts it). */
  fromWav(wav: WavBytes, options?: PaintOptions): Promise<PainterImage>;
  /** `count` pictures for one recording. */
  fromWav(wav: WavBytes, options: PaintManyOptions): Promise<PainterImage[]>;
  /** One picture per WAV file, computed as one batch. */
  fromWavs(wavs: readonly WavBytes[], options?: PaintOptions): Promise<PainterImage[]>;
  /** `count` pictures per WAV file: one array per file. */
  fromWavs(wavs: readonly WavBytes[], options: PaintManyOptions): Promise<PainterImage[][]>;
  /** One picture for a mono signal (or channels to average) at `sampleRate` Hz. */
  fromSamples(
    samples: Float32Array | readonly Float32Array[],
    sampleRate: number,
    options?: PaintOptions,
  ): Promise<PainterImage>;
  fromSamples(
    samples: Float32Array | readonly Float32Array[],
    sampleRate: number,
    options: PaintManyOptions,
  ): Promise<PainterImage[]>;
  /** One picture per decoded recording (`decodeWav`, `readAudioFile`), as one batch; errors name `source`. */
  fromAudio(audio: readonly DecodedAudio[], options?: PaintOptions): Promise<PainterImage[]>;
  fromAudio(audio: readonly DecodedAudio[], options: PaintManyOptions): Promise<PainterImage[][]>;
  /**
   * The band statistics of one voice's recordings (spectrograms by {@link encoder}), for the `voice`
   * option: a few recordings of the speaker, of any words. Errors name each recording's `source`.
   */
  voiceProfile(
    audio: readonly DecodedAudio[],
    options?: Pick<PaintOptions, 'maxDurationSeconds' | 'allowSilence'>,
  ): VoiceProfile;
  /**
   * The model step alone, for spectrogram images you encoded yourself (with {@link encoder}); speaker
   * normalisation, when the model has it, is applied here.
   */
  fromSpectrograms(images: readonly SpectrogramImage[], options?: PaintOptions): Promise<PainterImage[]>;
  fromSpectrograms(images: readonly SpectrogramImage[], options: PaintManyOptions): Promise<PainterImage[][]>;
  /** Frees the model's weights; the painter cannot be used afterwards. */
  dispose(): void;
}

function checkCount(count: unknown): number {
  if (count === undefined) return 1;
  if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 1 || count > MAX_COUNT) {
    throw new InvalidOptionError({
      option: 'count',
      value: count,
      expected: `an integer from 1 to ${MAX_COUNT}`,
    });
  }
  return count;
}

function checkSeed(seed: unknown): number {
  if (seed === undefined) return 0;
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) {
    throw new InvalidOptionError({ option: 'seed', value: seed, expected: 'an integer' });
  }
  return seed;
}

function toBytes(wav: WavBytes, index: number): Uint8Array {
  if (wav instanceof Uint8Array) return wav;
  if (wav instanceof ArrayBuffer) return new Uint8Array(wav);
  throw new InvalidOptionError({
    option: `wav${index >= 0 ? `[${index}]` : ''}`,
    value: wav,
    expected: 'the bytes of a WAV file (a Uint8Array, Buffer or ArrayBuffer)',
  });
}

/**
 * Wraps a loaded model and its preprocessing into a {@link Painter}. Computes on tfjs' current backend
 * (choose it first, e.g. with @ifa/backends' `selectBackend`); `loadPainter` does all of it in one call.
 * The painter owns `model`: its `dispose()` frees it.
 */
export function createPainter(
  model: IfaModel,
  options: Pick<LoadPainterOptions, 'preprocessing' | 'limits' | 'maxBatch'> & {
    backendSelection?: BackendSelection | null;
  } = {},
): Painter {
  // The model's own record wins; either is checked (a record set by hand on a model may be partial).
  const own = model.preprocessing;
  const given = own ?? options.preprocessing;
  if (!given) throw new MissingPreprocessingError(`${model.kind} model`);
  const preprocessing = resolvePreprocessing(
    given,
    `${model.kind} model`,
    own ? 'model.preprocessing' : 'options.preprocessing',
  );
  const encoder = new SpectrogramEncoder(preprocessing.encoder, options.limits);
  const config = model.config as {
    imageSize?: number;
    imageChannels?: number;
    inputHeight?: number;
    inputWidth?: number;
  };
  const side = config.imageSize ?? 28;
  const channels = config.imageChannels ?? 1;
  const { height: inputHeight, width: inputWidth } = encoder.shape;
  if (
    (config.inputHeight !== undefined && config.inputHeight !== inputHeight) ||
    (config.inputWidth !== undefined && config.inputWidth !== inputWidth)
  ) {
    throw new InvalidOptionError(
      {
        option: 'preprocessing',
        value: `${inputHeight} x ${inputWidth} spectrograms`,
        expected: `the ${config.inputHeight} x ${config.inputWidth} input of this ${model.kind}`,
      },
      { hint: 'The encoder config does not belong to this model.' },
    );
  }
  const hasNoise = model.kind !== 'cgan';
  let disposed = false;
  const speakers = preprocessing.speakerNormalisation;
  const reference =
    speakers === undefined ? null : { means: speakers.referenceBandMeans, stds: speakers.referenceBandStds };

  /** One spectrogram as a model trained with speaker normalisation expects it (a copy); else as given. */
  function normaliseVoice(data: Float32Array, voice: VoiceProfile | undefined): Float32Array {
    if (reference === null) return data;
    const stack = { data: Float32Array.from(data), height: inputHeight, width: inputWidth };
    normaliseBands(stack, voice ?? bandStatistics(stack), reference);
    return stack.data;
  }

  async function paint(
    images: readonly SpectrogramImage[],
    call: PaintOptions & { count?: number },
  ): Promise<PainterImage[][]> {
    if (disposed) {
      throw new InvalidOptionError({
        option: 'painter',
        value: 'disposed',
        expected: 'a painter not yet disposed',
      });
    }
    const count = checkCount(call.count);
    const seed = checkSeed(call.seed);
    if (images.length === 0) return [];
    const pixels = inputHeight * inputWidth;
    const input = new Float32Array(images.length * count * pixels);
    images.forEach((image, i) => {
      if (image.height !== inputHeight || image.width !== inputWidth || image.data.length !== pixels) {
        throw new InvalidOptionError({
          option: `spectrogram ${i}`,
          value: `${image.height} x ${image.width}`,
          expected: `${inputHeight} x ${inputWidth} (this model's encoder)`,
        });
      }
      const data = normaliseVoice(image.data, call.voice);
      for (let r = 0; r < count; r++) input.set(data, (i * count + r) * pixels);
    });
    const audio = tf.tensor4d(input, [images.length * count, inputHeight, inputWidth, 1]);
    let output: tf.Tensor4D;
    try {
      output = model.generate(audio, {
        seed,
        ...(call.heard !== undefined && { heard: call.heard }),
        ...(options.maxBatch !== undefined && { maxBatch: options.maxBatch }),
      });
    } finally {
      audio.dispose();
    }
    const [, height = side, width = side, depth = channels] = output.shape;
    let values: Float32Array;
    try {
      // An async read: never stalls a GPU backend.
      values = (await output.data()) as Float32Array;
    } finally {
      output.dispose();
    }
    const size = height * width * depth;
    return images.map((_, i) =>
      Array.from({ length: count }, (__, r) => {
        const start = (i * count + r) * size;
        return { width, height, channels: depth, data: values.slice(start, start + size) };
      }),
    );
  }

  function shape<T>(nested: T[][], many: boolean): T[] | T[][] {
    return many ? nested : nested.map((group) => group[0]!);
  }
  const limitsOf = (o: PaintOptions) => ({
    ...(o.maxDurationSeconds !== undefined && { maxDurationSeconds: o.maxDurationSeconds }),
    ...(o.allowSilence !== undefined && { allowSilence: o.allowSilence }),
  });
  const encodeAudio = (audio: DecodedAudio, o: PaintOptions) => encoder.encodeAudio(audio, limitsOf(o));
  const many = (o: PaintOptions | PaintManyOptions | undefined) =>
    o !== undefined && (o as PaintManyOptions).count !== undefined;

  const painter: Painter = {
    model: model as AnyIfaModel,
    preprocessing,
    encoder,
    get backend() {
      return tf.getBackend();
    },
    backendSelection: options.backendSelection ?? null,
    hasNoise,
    imageShape: { width: side, height: side, channels },
    async fromWav(wav: WavBytes, o: PaintOptions | PaintManyOptions = {}) {
      const image = encodeAudio(decodeWav(toBytes(wav, -1)), o);
      const [group] = await paint([image], o);
      return (many(o) ? group! : group![0]!) as never;
    },
    async fromWavs(wavs: readonly WavBytes[], o: PaintOptions | PaintManyOptions = {}) {
      if (!Array.isArray(wavs)) {
        throw new InvalidOptionError({
          option: 'wavs',
          value: wavs,
          expected: 'an array of WAV file contents',
        });
      }
      const images = wavs.map((wav, i) => encodeAudio(decodeWav(toBytes(wav, i)), o));
      return shape(await paint(images, o), many(o)) as never;
    },
    async fromSamples(samples, sampleRate, o: PaintOptions | PaintManyOptions = {}) {
      const image = encoder.encode(samples, sampleRate, limitsOf(o));
      const [group] = await paint([image], o);
      return (many(o) ? group! : group![0]!) as never;
    },
    async fromAudio(audio: readonly DecodedAudio[], o: PaintOptions | PaintManyOptions = {}) {
      if (!Array.isArray(audio)) {
        throw new InvalidOptionError({
          option: 'audio',
          value: audio,
          expected: 'an array of decoded recordings (decodeWav / readAudioFile results)',
        });
      }
      return shape(
        await paint(
          audio.map((a) => encodeAudio(a, o)),
          o,
        ),
        many(o),
      ) as never;
    },
    voiceProfile(audio, o = {}) {
      if (!Array.isArray(audio) || audio.length === 0) {
        throw new InvalidOptionError({
          option: 'audio',
          value: Array.isArray(audio) ? '[]' : audio,
          expected: 'an array of at least one decoded recording of the voice',
        });
      }
      const images = audio.map((a) => encodeAudio(a, o));
      const data = new Float32Array(images.length * inputHeight * inputWidth);
      for (const [i, image] of images.entries()) data.set(image.data, i * image.data.length);
      return bandStatistics({ data, height: inputHeight, width: inputWidth });
    },
    async fromSpectrograms(images: readonly SpectrogramImage[], o: PaintOptions | PaintManyOptions = {}) {
      return shape(await paint(images, o), many(o)) as never;
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      model.dispose();
    },
  };
  return painter;
}

/**
 * Loads a trained model and returns a {@link Painter}: audio in, picture out, with the preprocessing the
 * model was trained with. `source` is a model folder path (Node), an http(s) URL of the folder, a `URL`,
 * or a pretrained package's descriptor (e.g. `pretrainedDigits` of @ifa/pretrained-digits). The backend
 * is chosen first (see {@link LoadPainterOptions.backend}); a model that does not say how its audio is
 * encoded throws `MissingPreprocessingError` (unless `options.preprocessing` gives it).
 *
 * ```ts
 * const painter = await loadPainter(pretrainedDigits);
 * const image = await painter.fromWav(wavBytes); // { width: 28, height: 28, channels: 1, data }
 * ```
 */
export async function loadPainter(source: ModelSource, options: LoadPainterOptions = {}): Promise<Painter> {
  const backend = options.backend ?? 'auto';
  let backendSelection: BackendSelection | null = null;
  if (backend === 'current') {
    await tf.ready();
  } else {
    backendSelection = await selectBackend({
      prefer: backend,
      purpose: 'inference',
      log: options.log ?? null,
    });
  }
  const model = await loadModel(source, {
    ...(options.fetch !== undefined && { fetch: options.fetch }),
    ...(options.requestInit !== undefined && { requestInit: options.requestInit }),
    requirePreprocessing: options.preprocessing === undefined,
  });
  try {
    return createPainter(model, { ...options, backendSelection });
  } catch (error) {
    model.dispose();
    throw error;
  }
}
