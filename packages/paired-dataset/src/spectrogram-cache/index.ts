import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { atomicWriteFile } from '@ifa/core/node';
import { InvalidOptionError } from '../errors';
import { stableStringify } from './stable-json';

export { stableStringify } from './stable-json';

/** What the cache needs from an encoder; @ifa/audio-features' SpectrogramEncoder fits. */
export interface SpectrogramEncoderLike {
  /** Plain, fully resolved JSON: part of every cache key. */
  readonly config: unknown;
  encode(signal: Float32Array, sampleRate: number): { data: Float32Array; height: number; width: number };
}

/** What the cache needs from a recording. */
export interface EncodableRecord {
  id: string;
  label: number;
  sampleRate: number;
  samples: Float32Array;
  /** Checksum of the source file; when absent the samples themselves are hashed. */
  sha256?: string;
}

/** Spectrograms of many recordings, row-major `[count, height, width]`. */
export interface EncodedAudioSet {
  data: Float32Array;
  count: number;
  height: number;
  width: number;
  labels: Int32Array;
  ids: readonly string[];
  /** The encoder config the spectrograms were made with. */
  encoderConfig: unknown;
}

export interface EncodeProgress {
  done: number;
  total: number;
  fromCache: number;
}

export interface SpectrogramCacheOptions {
  /** Folder for the on-disk cache; omit to cache in memory only. */
  dir?: string;
}

const MAGIC = 'IFASPEC1';
/** Bumped when the file layout changes, so old files are ignored instead of misread. */
const FORMAT_VERSION = 1;

interface CacheFileHeader {
  version: number;
  config: string;
  height: number;
  width: number;
  keys: string[];
}

function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * Computes spectrograms once. Entries are keyed by (encoder config, recording checksum); the memory map
 * lives as long as this object, and with `dir` one file per encoder config is kept on disk, written
 * atomically and merged when new recordings appear.
 */
export class SpectrogramCache {
  readonly dir: string | undefined;
  private readonly memory = new Map<string, Float32Array>();
  /** Spectrogram shape per config key, known once one spectrogram of that config exists. */
  private readonly shapes = new Map<string, { height: number; width: number }>();

  constructor(options: SpectrogramCacheOptions = {}) {
    this.dir = options.dir;
  }

  /** Number of spectrograms held in memory. */
  get size(): number {
    return this.memory.size;
  }

  clearMemory(): void {
    this.memory.clear();
    this.shapes.clear();
  }

  static configKey(config: unknown): string {
    return sha256Hex(`${FORMAT_VERSION}:${stableStringify(config)}`).slice(0, 16);
  }

  static recordKey(record: EncodableRecord): string {
    if (record.sha256) return record.sha256;
    const bytes = new Uint8Array(record.samples.buffer, record.samples.byteOffset, record.samples.byteLength);
    return sha256Hex(Buffer.concat([Buffer.from(`${record.sampleRate}:`), bytes]));
  }

  /** Path of the on-disk file for an encoder config, when a folder was given. */
  filePathFor(config: unknown): string | undefined {
    return this.dir === undefined
      ? undefined
      : join(this.dir, `spectrograms-${SpectrogramCache.configKey(config)}.bin`);
  }

  async encodeAll(
    records: readonly EncodableRecord[],
    encoder: SpectrogramEncoderLike,
    onProgress?: (progress: EncodeProgress) => void,
  ): Promise<EncodedAudioSet> {
    const configText = stableStringify(encoder.config);
    const configKey = SpectrogramCache.configKey(encoder.config);
    const memoryKey = (recordKey: string) => `${configKey}:${recordKey}`;
    const recordKeys = records.map((record) => SpectrogramCache.recordKey(record));

    const filePath = this.filePathFor(encoder.config);
    let shape = this.shapes.get(configKey);
    if (filePath && recordKeys.some((key) => !this.memory.has(memoryKey(key)))) {
      const stored = await readCacheFile(filePath, configText);
      if (stored) {
        shape = { height: stored.header.height, width: stored.header.width };
        const size = shape.height * shape.width;
        stored.header.keys.forEach((key, i) => {
          this.memory.set(memoryKey(key), stored.data.subarray(i * size, (i + 1) * size));
        });
      }
    }

    let fromCache = 0;
    let encodedNew = 0;
    const spectrograms: Float32Array[] = [];
    for (let i = 0; i < records.length; i++) {
      const key = memoryKey(recordKeys[i]!);
      let spectrogram = this.memory.get(key);
      if (spectrogram) {
        fromCache++;
      } else {
        const record = records[i]!;
        const image = encoder.encode(record.samples, record.sampleRate);
        if (shape && (image.height !== shape.height || image.width !== shape.width)) {
          throw new InvalidOptionError({
            option: 'encoder',
            value: `an encoder that gave ${image.height}x${image.width} for ${record.id} but ${shape.height}x${shape.width} before`,
            expected: 'a SpectrogramEncoder that gives a fixed shape',
          });
        }
        shape = { height: image.height, width: image.width };
        spectrogram = image.data;
        this.memory.set(key, spectrogram);
        encodedNew++;
      }
      spectrograms.push(spectrogram);
      onProgress?.({ done: i + 1, total: records.length, fromCache });
    }

    if (shape) this.shapes.set(configKey, shape);
    if (!shape) {
      // Not silence: the encoder rejects an all-zero signal (SilentAudioError).
      const probe = encoder.encode(Float32Array.of(0.5), 8000);
      shape = { height: probe.height, width: probe.width };
    }
    const size = shape.height * shape.width;
    const data = new Float32Array(records.length * size);
    spectrograms.forEach((spectrogram, i) => {
      data.set(spectrogram, i * size);
    });

    if (filePath && encodedNew > 0) {
      await this.writeFile(filePath, configText, configKey, shape);
    }

    return {
      data,
      count: records.length,
      height: shape.height,
      width: shape.width,
      labels: Int32Array.from(records, (record) => record.label),
      ids: records.map((record) => record.id),
      encoderConfig: JSON.parse(configText),
    };
  }

  /** Writes every in-memory spectrogram of this config, so earlier files' entries are kept. */
  private async writeFile(
    filePath: string,
    configText: string,
    configKey: string,
    shape: { height: number; width: number },
  ): Promise<void> {
    const prefix = `${configKey}:`;
    const keys: string[] = [];
    const chunks: Float32Array[] = [];
    for (const [key, value] of this.memory) {
      if (!key.startsWith(prefix)) continue;
      keys.push(key.slice(prefix.length));
      chunks.push(value);
    }
    const header: CacheFileHeader = { version: FORMAT_VERSION, config: configText, ...shape, keys };
    const headerBytes = Buffer.from(JSON.stringify(header));
    // Float data starts on a 4-byte boundary so it can be viewed without copying.
    const headerLength = Math.ceil((MAGIC.length + 4 + headerBytes.length) / 4) * 4;
    const size = shape.height * shape.width;
    const out = new Uint8Array(headerLength + keys.length * size * 4);
    out.set(Buffer.from(MAGIC), 0);
    new DataView(out.buffer).setUint32(MAGIC.length, headerBytes.length, true);
    out.set(headerBytes, MAGIC.length + 4);
    const floats = new Float32Array(out.buffer, headerLength, keys.length * size);
    chunks.forEach((chunk, i) => {
      floats.set(chunk, i * size);
    });
    await atomicWriteFile(filePath, out);
  }
}

/** Reads a cache file; a missing, foreign or damaged file is treated as empty (it is only a cache). */
async function readCacheFile(
  filePath: string,
  configText: string,
): Promise<{ header: CacheFileHeader; data: Float32Array } | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readFile(filePath);
  } catch {
    return undefined;
  }
  try {
    if (bytes.subarray(0, MAGIC.length).toString() !== MAGIC) return undefined;
    const headerByteLength = bytes.readUInt32LE(MAGIC.length);
    const header = JSON.parse(
      bytes.subarray(MAGIC.length + 4, MAGIC.length + 4 + headerByteLength).toString(),
    ) as CacheFileHeader;
    if (header.version !== FORMAT_VERSION || header.config !== configText) return undefined;
    const headerLength = Math.ceil((MAGIC.length + 4 + headerByteLength) / 4) * 4;
    const floatCount = header.keys.length * header.height * header.width;
    if (bytes.length !== headerLength + floatCount * 4) return undefined;
    // Copy into an aligned buffer of our own: Buffer pools may start at any offset.
    const data = new Float32Array(floatCount);
    new Uint8Array(data.buffer).set(bytes.subarray(headerLength));
    return { header, data };
  } catch {
    return undefined;
  }
}
