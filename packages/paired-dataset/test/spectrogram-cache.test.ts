import { readdir, readFile, writeFile } from 'node:fs/promises';
import { SpectrogramEncoder } from '@ifa/audio-features';
import { describe, expect, it } from 'vitest';
import {
  type AudioRecord,
  loadFsdd,
  SpectrogramCache,
  type SpectrogramEncoderLike,
  sampleDataDir,
} from '../src';
import { useTempDirs } from './helpers';

/** Wraps the real encoder and counts how often it really encodes. */
function countingEncoder(config: ConstructorParameters<typeof SpectrogramEncoder>[0] = {}) {
  const inner = new SpectrogramEncoder(config);
  const counter = { calls: 0 };
  const encoder: SpectrogramEncoderLike = {
    config: inner.config,
    encode(signal, sampleRate) {
      counter.calls++;
      return inner.encode(signal, sampleRate);
    },
  };
  return { encoder, counter, inner };
}

describe('SpectrogramCache', () => {
  const tempDir = useTempDirs();
  let records: AudioRecord[];

  it('encodes each recording once per config in memory', async () => {
    records = await loadFsdd({ dir: sampleDataDir() });
    const { encoder, counter, inner } = countingEncoder();
    const cache = new SpectrogramCache();
    const first = await cache.encodeAll(records, encoder);
    expect(counter.calls).toBe(30);
    const second = await cache.encodeAll(records, encoder);
    expect(counter.calls).toBe(30);
    expect(Buffer.from(second.data.buffer).equals(Buffer.from(first.data.buffer))).toBe(true);
    expect(first.count).toBe(30);
    expect(first.data.length).toBe(30 * first.height * first.width);
    // Row i is exactly what the encoder gives for record i.
    const direct = inner.encode(records[7]!.samples, records[7]!.sampleRate);
    expect(first.data.subarray(7 * direct.data.length, 8 * direct.data.length)).toEqual(direct.data);
    expect(Array.from(first.labels)).toEqual(records.map((r) => r.label));
    expect(first.encoderConfig).toEqual(JSON.parse(JSON.stringify(inner.config)));
  });

  it('reuses an on-disk cache across instances, keyed by config and file checksum', async () => {
    records ??= await loadFsdd({ dir: sampleDataDir() });
    const dir = await tempDir();
    const a = countingEncoder();
    const cold = await new SpectrogramCache({ dir }).encodeAll(records, a.encoder);
    expect(a.counter.calls).toBe(30);
    const files = await readdir(dir);
    expect(files.filter((f) => f.endsWith('.bin'))).toHaveLength(1);
    expect(files.filter((f) => f.endsWith('.tmp'))).toHaveLength(0);

    const b = countingEncoder();
    const warm = await new SpectrogramCache({ dir }).encodeAll(records, b.encoder);
    expect(b.counter.calls).toBe(0);
    expect(Buffer.from(warm.data.buffer).equals(Buffer.from(cold.data.buffer))).toBe(true);

    // A record whose file changed (different checksum) is re-encoded; the others come from disk.
    const changed = records.map((r, i) => (i === 3 ? { ...r, sha256: 'f'.repeat(64) } : r));
    const c = countingEncoder();
    await new SpectrogramCache({ dir }).encodeAll(changed, c.encoder);
    expect(c.counter.calls).toBe(1);

    // Another encoder config never reads the first config's entries.
    const d = countingEncoder({ nMels: 20 });
    const other = await new SpectrogramCache({ dir }).encodeAll(records, d.encoder);
    expect(d.counter.calls).toBe(30);
    expect(other.height).toBe(20);
    expect((await readdir(dir)).filter((f) => f.endsWith('.bin'))).toHaveLength(2);
  });

  it('treats a damaged cache file as empty and rewrites it', async () => {
    records ??= await loadFsdd({ dir: sampleDataDir() });
    const dir = await tempDir();
    const a = countingEncoder();
    const cache = new SpectrogramCache({ dir });
    const good = await cache.encodeAll(records, a.encoder);
    const path = cache.filePathFor(a.encoder.config)!;
    const bytes = await readFile(path);
    await writeFile(path, bytes.subarray(0, bytes.length - 100));
    const b = countingEncoder();
    const again = await new SpectrogramCache({ dir }).encodeAll(records, b.encoder);
    expect(b.counter.calls).toBe(30);
    expect(Buffer.from(again.data.buffer).equals(Buffer.from(good.data.buffer))).toBe(true);
    expect((await readFile(path)).length).toBe(bytes.length);
  });

  it('keys records without a checksum by their samples', () => {
    const base = { id: 'x', label: 1, sampleRate: 8000, samples: new Float32Array([0.1, 0.2]) };
    const key = SpectrogramCache.recordKey(base);
    expect(SpectrogramCache.recordKey({ ...base, samples: new Float32Array([0.1, 0.2]) })).toBe(key);
    expect(SpectrogramCache.recordKey({ ...base, samples: new Float32Array([0.1, 0.3]) })).not.toBe(key);
    expect(SpectrogramCache.recordKey({ ...base, sampleRate: 16000 })).not.toBe(key);
    expect(SpectrogramCache.configKey({ a: 1, b: 2 })).toBe(SpectrogramCache.configKey({ b: 2, a: 1 }));
    expect(SpectrogramCache.configKey({ a: 1 })).not.toBe(SpectrogramCache.configKey({ a: 2 }));
  });
});
