import { InvalidOptionError } from '@ifa/core';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { type ConfigByKind, type ModelKind, resolveConfig } from '../config';
import {
  CorruptModelError,
  MissingPreprocessingError,
  ModelKindMismatchError,
  UnknownModelKindError,
  UnsupportedFormatVersionError,
} from '../errors';
import { registerCustomLayers } from '../layers';
import type { IfaModel, JsonObject } from '../model';
import {
  type ModelPreprocessing,
  type ModelPreprocessingInput,
  parsePreprocessing,
  preprocessingFromLegacyEncoder,
  resolvePreprocessing,
} from '../preprocessing';
import {
  type AnyIfaModel,
  assembleModel,
  expectedSubModelShapes,
  MODEL_KINDS,
  type ModelByKind,
  subModelNames,
} from '../registry';
import { PACKAGE_VERSION } from '../version';
import { assertSafeRelativePath, MANIFEST_FILE, siblingPath } from './paths';
import { encodeWeights, WEIGHT_STORAGES, type WeightStorage } from './quantize';
import {
  fileMapReader,
  type HttpReaderOptions,
  httpFolderReader,
  importBuiltin,
  isHttpUrl,
  isModelFileMap,
  isNodeRuntime,
  type ModelFileMap,
  type ModelFolderReader,
  type ModelFolderWriter,
  parseModelUrl,
} from './store';

/**
 * Where a model is read from: a folder path (Node) or an http(s) URL string, a `URL` object (`file:` in
 * Node, or http(s)), a {@link ModelFileMap} (one URL per file, as a pretrained-model package ships it), or
 * your own {@link ModelFolderReader}.
 */
export type ModelSource = string | URL | ModelFileMap | ModelFolderReader;

export { MANIFEST_FILE };
/** Bumped on any change old readers could misread; readers refuse newer versions. */
export const FORMAT_VERSION = 1;

/** Contents of `ifa-model.json`. */
export interface IfaModelManifest<K extends ModelKind = ModelKind> {
  format: 'ifa-model';
  formatVersion: number;
  kind: K;
  packageName: '@ifa/models';
  packageVersion: string;
  config: ConfigByKind[K];
  /** Sub-model name -> path of its tfjs `model.json`, relative to the folder. */
  models: Record<string, string>;
  /** Free slot for the caller (run info, notes). */
  metadata: JsonObject;
  /**
   * How audio becomes the model's input (see `ModelPreprocessing`), validated on read. `null` when the
   * folder has none. Folders written before the record existed get it from their `metadata.encoder`.
   */
  preprocessing: ModelPreprocessing | null;
}

export interface SaveModelOptions {
  /** Stored as `metadata` instead of `model.metadata`. */
  metadata?: JsonObject;
  /**
   * Stored as `preprocessing` instead of `model.preprocessing` (a partial encoder config is completed with
   * the encoder's defaults; `null` writes none). Invalid records throw `InvalidPreprocessingError`.
   */
  preprocessing?: ModelPreprocessingInput | ModelPreprocessing | null;
  /**
   * How weights are stored (default `'float32'`, exact): `'float16'` halves the weight files, `'uint8'`
   * quarters them (per-tensor affine levels). Both load with `loadModel` and plain `tf.loadLayersModel`.
   */
  weights?: WeightStorage;
}

export interface LoadModelOptions<K extends ModelKind = ModelKind> extends HttpReaderOptions {
  /** Expected kind; loading another kind throws `ModelKindMismatchError` and the result is typed. */
  kind?: K;
  /**
   * Refuse a model that does not say how audio is encoded for it (no `preprocessing`, no legacy
   * `metadata.encoder`) with `MissingPreprocessingError`, before any weights are read.
   */
  requirePreprocessing?: boolean;
}

const BYTES_PER_ELEMENT: Record<string, number> = {
  float32: 4,
  int32: 4,
  bool: 1,
  uint8: 1,
  uint16: 2,
  float16: 2,
};

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function toJsonBytes(value: unknown): Uint8Array {
  return encoder.encode(`${JSON.stringify(value, null, 2)}\n`);
}

async function resolveWriter(destination: string | ModelFolderWriter): Promise<ModelFolderWriter> {
  if (typeof destination !== 'string') return destination;
  if (!isNodeRuntime() || isHttpUrl(destination)) {
    throw new InvalidOptionError(
      {
        option: 'saveModel destination',
        value: destination,
        expected: isNodeRuntime()
          ? 'a directory path (saveModel cannot upload to a URL)'
          : 'a ModelFolderWriter (an object with write(relativePath, bytes)) in a browser',
      },
      {
        hint: 'A path string writes to the file system and needs Node; elsewhere pass a ModelFolderWriter.',
      },
    );
  }
  const { nodeFolderWriter } = await import('./node-folder');
  return nodeFolderWriter(destination);
}

const SOURCE_EXPECTED = 'a folder path, an http(s) URL, a URL object, a ModelFileMap or a ModelFolderReader';

/** `file:` URL -> path, percent-decoded; Node only (the caller checked). */
async function fileUrlToPath(url: string | URL): Promise<string> {
  const nodeUrl = await importBuiltin<typeof import('node:url')>('node:url');
  return nodeUrl.fileURLToPath(url);
}

async function resolveReader(source: ModelSource, options: HttpReaderOptions): Promise<ModelFolderReader> {
  if (source instanceof URL) {
    if (source.protocol === 'file:' && isNodeRuntime()) {
      const { nodeFolderReader } = await import('./node-folder');
      return nodeFolderReader(await fileUrlToPath(source));
    }
    return resolveReader(source.href, options);
  }
  if (typeof source !== 'string') {
    if (isModelFileMap(source)) return fileMapReader(source, options);
    if (typeof (source as Partial<ModelFolderReader> | null)?.read !== 'function') {
      throw new InvalidOptionError({ option: 'model source', value: source, expected: SOURCE_EXPECTED });
    }
    return source as ModelFolderReader;
  }
  if (source.length === 0) {
    throw new InvalidOptionError({
      option: 'model source',
      value: source,
      expected: SOURCE_EXPECTED,
    });
  }
  if (isHttpUrl(source) || !isNodeRuntime()) {
    // A URL of the folder or of its ifa-model.json, perhaps with a query string (a signed URL).
    const url = parseModelUrl(source);
    if (url.pathname.endsWith(`/${MANIFEST_FILE}`)) {
      url.pathname = url.pathname.slice(0, -MANIFEST_FILE.length);
    }
    return httpFolderReader(url.href, options);
  }
  // A folder, or its ifa-model.json (nodeFolderReader accepts both).
  const { nodeFolderReader } = await import('./node-folder');
  if (/^file:\/\//i.test(source)) {
    // A file URL (percent-encoded); an unparsable one is taken as the path after the scheme, as before.
    const path = await fileUrlToPath(source).catch(() => source.replace(/^file:\/\//i, ''));
    return nodeFolderReader(path);
  }
  return nodeFolderReader(source);
}

async function captureArtifacts(model: tfl.LayersModel): Promise<tf.io.ModelArtifacts> {
  let captured: tf.io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      captured = artifacts;
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    }),
  );
  if (captured === null) throw new Error(`tfjs did not hand over the artifacts of sub-model ${model.name}.`);
  return captured;
}

/**
 * Saves every sub-model as standard tfjs files (`<name>/model.json` + `<name>/weights.bin`, loadable on their
 * own with `tf.loadLayersModel`) plus `ifa-model.json`, which is written last so an interrupted save leaves
 * no loadable-looking folder. `destination` is a directory path (Node; created if needed, files written
 * atomically) or a `ModelFolderWriter`. Resolves to the manifest written.
 */
export async function saveModel(
  model: IfaModel,
  destination: string | ModelFolderWriter,
  options: SaveModelOptions = {},
): Promise<IfaModelManifest> {
  const storage = options.weights ?? 'float32';
  if (!WEIGHT_STORAGES.includes(storage)) {
    throw new InvalidOptionError({
      option: 'weights',
      value: storage,
      expected: WEIGHT_STORAGES.map((w) => `'${w}'`).join(', '),
    });
  }
  const where = typeof destination === 'string' ? destination : destination.location;
  // Checked before anything is written.
  const given = options.preprocessing === undefined ? model.preprocessing : options.preprocessing;
  const preprocessing = given === null || given === undefined ? null : resolvePreprocessing(given, where);
  const writer = await resolveWriter(destination);
  const paths: Record<string, string> = {};
  for (const [name, layersModel] of Object.entries(model.models)) {
    const artifacts = await captureArtifacts(layersModel);
    const weightData =
      artifacts.weightData === undefined
        ? new ArrayBuffer(0)
        : tf.io.CompositeArrayBuffer.join(artifacts.weightData);
    const encoded = encodeWeights(artifacts.weightSpecs ?? [], weightData, storage, name);
    const modelJson = {
      format: artifacts.format ?? 'layers-model',
      generatedBy: artifacts.generatedBy,
      convertedBy: `@ifa/models ${PACKAGE_VERSION}`,
      modelTopology: artifacts.modelTopology,
      weightsManifest: [{ paths: ['weights.bin'], weights: encoded.specs }],
    };
    await writer.write(`${name}/weights.bin`, encoded.data);
    await writer.write(`${name}/model.json`, toJsonBytes(modelJson));
    paths[name] = `${name}/model.json`;
  }
  const manifest: IfaModelManifest = {
    format: 'ifa-model',
    formatVersion: FORMAT_VERSION,
    kind: model.kind,
    packageName: '@ifa/models',
    packageVersion: PACKAGE_VERSION,
    config: model.config,
    models: paths,
    metadata: options.metadata ?? model.metadata,
    preprocessing,
  };
  // An absent record, not `null`, when there is none: readers before this field see the same file.
  const { preprocessing: _, ...withoutPreprocessing } = manifest;
  await writer.write(MANIFEST_FILE, toJsonBytes(preprocessing === null ? withoutPreprocessing : manifest));
  return manifest;
}

function parseJson(bytes: Uint8Array, path: string, source: string): unknown {
  try {
    return JSON.parse(decoder.decode(bytes));
  } catch (cause) {
    throw new CorruptModelError(`${path} is not valid JSON; re-save or re-download the model.`, source, {
      cause,
    });
  }
}

/**
 * Saved configs are merged onto their preset, so a key added later comes from today's preset. The VAE-GAN's
 * `conditioning` came with its class recipe, when `recommended` became `'class'`: a VAE-GAN saved before
 * then has no such key and was conditioned on audio, whatever its preset says now.
 */
function withPreConditioningDefault(kind: ModelKind, config: unknown): unknown {
  if (kind !== 'vaegan' || !isRecord(config) || 'conditioning' in config) return config;
  return { ...config, conditioning: 'audio' };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function readRequired(reader: ModelFolderReader, path: string, hint: string): Promise<Uint8Array> {
  const bytes = await reader.read(path);
  if (bytes === null) throw new CorruptModelError(`${path} is missing; ${hint}`, reader.location);
  return bytes;
}

/** Reads and validates `ifa-model.json` without loading any weights. */
export async function readModelManifest(
  source: ModelSource,
  options: HttpReaderOptions = {},
): Promise<IfaModelManifest> {
  const reader = await resolveReader(source, options);
  return readManifestWith(reader);
}

async function readManifestWith(reader: ModelFolderReader): Promise<IfaModelManifest> {
  const where = reader.location;
  const raw = parseJson(
    await readRequired(reader, MANIFEST_FILE, 'is this a folder written by saveModel?'),
    MANIFEST_FILE,
    where,
  );
  if (!isRecord(raw) || raw.format !== 'ifa-model') {
    throw new CorruptModelError(
      `${MANIFEST_FILE} lacks "format": "ifa-model"; not an @ifa/models folder.`,
      where,
    );
  }
  const version = raw.formatVersion;
  if (!Number.isInteger(version) || (version as number) < 1 || (version as number) > FORMAT_VERSION) {
    throw new UnsupportedFormatVersionError(version, FORMAT_VERSION, where);
  }
  const kind = raw.kind;
  if (typeof kind !== 'string' || !(MODEL_KINDS as readonly string[]).includes(kind)) {
    throw new UnknownModelKindError(kind, where);
  }
  const modelKind = kind as ModelKind;
  let config: ConfigByKind[ModelKind];
  try {
    config = resolveConfig(modelKind, withPreConditioningDefault(modelKind, raw.config) as never);
  } catch (cause) {
    throw new CorruptModelError(
      `${MANIFEST_FILE} has an invalid config: ${(cause as Error).message}`,
      where,
      { cause },
    );
  }
  if (!isRecord(raw.models)) throw new CorruptModelError(`${MANIFEST_FILE} lacks a "models" object.`, where);
  const models: Record<string, string> = {};
  for (const name of subModelNames(modelKind, config)) {
    const path = raw.models[name];
    if (path === undefined) {
      throw new CorruptModelError(
        `${MANIFEST_FILE} lists no "${name}" sub-model, which a ${kind} needs.`,
        where,
      );
    }
    models[name] = assertSafeRelativePath(path, where);
  }
  const metadata = raw.metadata === undefined ? {} : raw.metadata;
  if (!isRecord(metadata))
    throw new CorruptModelError(`${MANIFEST_FILE} "metadata" must be an object.`, where);
  // The typed record wins; folders from before it existed carry the encoder config in metadata.encoder.
  const preprocessing =
    raw.preprocessing !== undefined
      ? parsePreprocessing(raw.preprocessing, where)
      : metadata.encoder !== undefined
        ? preprocessingFromLegacyEncoder(metadata.encoder, where)
        : null;
  return {
    format: 'ifa-model',
    formatVersion: version as number,
    kind: modelKind,
    packageName: '@ifa/models',
    packageVersion: String(raw.packageVersion ?? 'unknown'),
    config,
    models,
    metadata: metadata as JsonObject,
    preprocessing,
  };
}

function expectedBytes(specs: tf.io.WeightsManifestEntry[], path: string, source: string): number {
  let total = 0;
  for (const spec of specs) {
    const dtype = spec.quantization?.dtype ?? spec.dtype;
    const size = BYTES_PER_ELEMENT[dtype];
    if (size === undefined || !Array.isArray(spec.shape)) {
      throw new CorruptModelError(`${path}: weight "${spec.name}" has unsupported dtype ${dtype}.`, source);
    }
    total += size * spec.shape.reduce((a, b) => a * b, 1);
  }
  return total;
}

/** Index of the first NaN or infinite value among `count` float32 values at `offset`, and how many. */
function nonFinite(bytes: Uint8Array, offset: number, count: number): { first: number; total: number } {
  const start = bytes.byteOffset + offset;
  // A Float32Array view needs 4-byte alignment; copy the (rare) unaligned run.
  const values =
    start % 4 === 0
      ? new Float32Array(bytes.buffer, start, count)
      : new Float32Array(bytes.slice(offset, offset + 4 * count).buffer);
  let first = -1;
  let total = 0;
  for (let i = 0; i < count; i++) {
    if (!Number.isFinite(values[i]!)) {
      if (first < 0) first = i;
      total++;
    }
  }
  return { first, total };
}

/** The same for float16 weights: exponent bits all ones is infinity or NaN. */
function nonFiniteHalf(bytes: Uint8Array, offset: number, count: number): { first: number; total: number } {
  let first = -1;
  let total = 0;
  for (let i = 0; i < count; i++) {
    // Little-endian: the exponent sits in bits 10-14 of the 16-bit word, i.e. bits 2-6 of its high byte.
    const high = bytes[offset + 2 * i + 1]!;
    if ((high & 0x7c) === 0x7c) {
      if (first < 0) first = i;
      total++;
    }
  }
  return { first, total };
}

/**
 * A model that diverged in training saves NaN or Infinity weights, which load fine and then draw black or
 * white squares. Refuse them here, naming the weights file and the weight.
 */
function checkFiniteWeights(
  specs: tf.io.WeightsManifestEntry[],
  groupChunks: Uint8Array[],
  paths: string[],
  where: string,
): void {
  const bytes =
    groupChunks.length === 1
      ? groupChunks[0]!
      : (() => {
          const joined = new Uint8Array(groupChunks.reduce((s, c) => s + c.byteLength, 0));
          let at = 0;
          for (const c of groupChunks) {
            joined.set(c, at);
            at += c.byteLength;
          }
          return joined;
        })();
  let offset = 0;
  for (const spec of specs) {
    const dtype = spec.quantization?.dtype ?? spec.dtype;
    const count = spec.shape.reduce((a, b) => a * b, 1);
    const { first, total } =
      dtype === 'float32' && spec.quantization === undefined
        ? nonFinite(bytes, offset, count)
        : dtype === 'float16'
          ? nonFiniteHalf(bytes, offset, count)
          : { first: -1, total: 0 };
    if (total > 0) {
      throw new CorruptModelError(
        `${paths.join(', ')} holds non-finite weights: "${spec.name}" has ${total} NaN or infinite ` +
          `value${total === 1 ? '' : 's'} (the first at element ${first}). The model diverged in training or ` +
          'the file is damaged; load an earlier checkpoint or retrain.',
        where,
      );
    }
    offset += BYTES_PER_ELEMENT[dtype]! * count;
  }
}

async function loadSubModel(reader: ModelFolderReader, modelJsonPath: string): Promise<tfl.LayersModel> {
  const where = reader.location;
  const json = parseJson(
    await readRequired(reader, modelJsonPath, 're-save the model or copy the whole folder.'),
    modelJsonPath,
    where,
  );
  if (!isRecord(json) || !isRecord(json.modelTopology) || !Array.isArray(json.weightsManifest)) {
    throw new CorruptModelError(`${modelJsonPath} is not a tfjs layers model.json.`, where);
  }
  const weightSpecs: tf.io.WeightsManifestEntry[] = [];
  const chunks: Uint8Array[] = [];
  for (const group of json.weightsManifest as tf.io.WeightsManifestConfig) {
    if (!isRecord(group) || !Array.isArray(group.paths) || !Array.isArray(group.weights)) {
      throw new CorruptModelError(`${modelJsonPath} has a malformed weightsManifest entry.`, where);
    }
    // Validate every path of the group before reading any of them.
    const paths = group.paths.map((p) => siblingPath(modelJsonPath, assertSafeRelativePath(p, where)));
    const groupChunks: Uint8Array[] = [];
    for (const path of paths) groupChunks.push(await readRequired(reader, path, 'the weights are missing.'));
    const got = groupChunks.reduce((s, c) => s + c.byteLength, 0);
    const want = expectedBytes(group.weights, modelJsonPath, where);
    if (got !== want) {
      throw new CorruptModelError(
        `weights of ${modelJsonPath} are ${got} bytes but its manifest needs ${want} ` +
          `(${got < want ? 'truncated' : 'extra data'}); re-save or re-download the model.`,
        where,
      );
    }
    weightSpecs.push(...group.weights);
    chunks.push(...groupChunks);
    checkFiniteWeights(group.weights, groupChunks, paths, where);
  }
  const weightData = new Uint8Array(chunks.reduce((s, c) => s + c.byteLength, 0));
  let offset = 0;
  for (const c of chunks) {
    weightData.set(c, offset);
    offset += c.byteLength;
  }
  try {
    return await tfl.loadLayersModel(
      tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs, weightData: weightData.buffer }),
      { strict: true },
    );
  } catch (cause) {
    throw new CorruptModelError(
      `${modelJsonPath} could not be rebuilt by tfjs: ${(cause as Error).message}`,
      where,
      { cause },
    );
  }
}

/** The sub-models must fit the config, or `generate` would feed them wrongly shaped noise or inputs. */
function checkShapes(
  manifest: IfaModelManifest,
  models: Record<string, tfl.LayersModel>,
  where: string,
): void {
  const expected = expectedSubModelShapes(manifest.kind, manifest.config);
  for (const [name, want] of Object.entries(expected)) {
    const model = models[name]!;
    const got = {
      inputs: model.inputs.map((t) => t.shape),
      outputs: model.outputs.map((t) => t.shape),
    };
    if (JSON.stringify(got) !== JSON.stringify(want)) {
      throw new CorruptModelError(
        `sub-model "${name}" has shapes ${JSON.stringify(got)} but the config in ${MANIFEST_FILE} implies ` +
          `${JSON.stringify(want)}; the config and the weights come from different models.`,
        where,
      );
    }
  }
}

/**
 * Loads a folder written by `saveModel`: a directory path in Node (no tfjs-node needed), an http(s) URL
 * of the folder (or of its `ifa-model.json`) in a browser or Node, a `URL` object, or a
 * {@link ModelFileMap} (one URL per file, e.g. `pretrainedDigits`). Every file path named in a manifest
 * must stay inside the folder (`UnsafePathError`); newer formats (`UnsupportedFormatVersionError`), unknown
 * kinds (`UnknownModelKindError`) and missing, truncated or mismatched weights (`CorruptModelError`) are
 * rejected before any model is returned. The `preprocessing` record is validated too
 * (`InvalidPreprocessingError`, `UnsupportedPreprocessingVersionError`; `MissingPreprocessingError` with
 * `requirePreprocessing`) and set on the model.
 */
export async function loadModel<K extends ModelKind = ModelKind>(
  source: ModelSource,
  options: LoadModelOptions<K> = {},
): Promise<ModelKind extends K ? AnyIfaModel : ModelByKind[K]> {
  const reader = await resolveReader(source, options);
  const manifest = await readManifestWith(reader);
  if (options.kind !== undefined && options.kind !== manifest.kind) {
    throw new ModelKindMismatchError(options.kind, manifest.kind, reader.location);
  }
  if (options.requirePreprocessing && manifest.preprocessing === null) {
    throw new MissingPreprocessingError(reader.location);
  }
  registerCustomLayers();
  const models: Record<string, tfl.LayersModel> = {};
  try {
    for (const [name, path] of Object.entries(manifest.models))
      models[name] = await loadSubModel(reader, path);
  } catch (error) {
    for (const m of Object.values(models)) m.dispose();
    throw error;
  }
  try {
    checkShapes(manifest, models, reader.location);
  } catch (error) {
    for (const m of Object.values(models)) m.dispose();
    throw error;
  }
  const model = assembleModel(manifest.kind, manifest.config, models);
  model.metadata = manifest.metadata;
  model.preprocessing = manifest.preprocessing;
  return model as ModelKind extends K ? AnyIfaModel : ModelByKind[K];
}
