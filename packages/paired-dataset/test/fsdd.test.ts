import { createHash } from 'node:crypto';
import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import {
  DatasetNotFoundError,
  EmptyDatasetError,
  InvalidAudioFilesError,
  type LoadWarning,
  loadFsdd,
  sampleDataDir,
} from '../src';
import { parseFsddFileName } from '../src/fsdd';
import { useTempDirs } from './helpers';

const sampleRecordings = join(sampleDataDir(), 'fsdd', 'recordings');

async function sampleCopy(dir: string): Promise<string> {
  const recordings = join(dir, 'fsdd', 'recordings');
  await mkdir(recordings, { recursive: true });
  for (const name of await readdir(sampleRecordings))
    await copyFile(join(sampleRecordings, name), join(recordings, name));
  return recordings;
}

describe('parseFsddFileName', () => {
  it('reads digit, speaker and take', () => {
    expect(parseFsddFileName('7_jackson_32.wav')).toEqual({ label: 7, speaker: 'jackson', take: 32 });
    expect(parseFsddFileName('12_jackson_3.wav')).toBeUndefined();
    expect(parseFsddFileName('7_jackson.wav')).toBeUndefined();
    expect(parseFsddFileName('7_jackson_3.mp3')).toBeUndefined();
  });
});

describe('loadFsdd on the shipped sample', () => {
  it('decodes 30 recordings, 3 per digit, sorted, with the published checksums', async () => {
    const records = await loadFsdd({ dir: sampleDataDir() });
    expect(records).toHaveLength(30);
    for (let digit = 0; digit < 10; digit++) {
      expect(records.filter((r) => r.label === digit)).toHaveLength(3);
    }
    expect(new Set(records.map((r) => r.speaker)).size).toBe(6);
    const sums = new Map(
      (await readFile(join(sampleDataDir(), 'fsdd', 'SHA256SUMS'), 'utf8'))
        .trim()
        .split('\n')
        .map((line) => line.split(/\s+/) as [string, string])
        .map(([hash, name]) => [name, hash]),
    );
    for (const record of records) {
      expect(record.sampleRate).toBe(8000);
      expect(record.sha256).toBe(sums.get(`${record.id}.wav`));
      // 16-bit PCM: the decoded length is (file size - 44-byte header) / 2 for FSDD's plain headers,
      // and at least 0.1 s long.
      expect(record.samples.length).toBeGreaterThan(800);
      expect(Math.max(...record.samples.map(Math.abs))).toBeGreaterThan(0.01);
      expect(Math.max(...record.samples.map(Math.abs))).toBeLessThanOrEqual(1);
    }
    const keys = records.map((r) => [r.label, r.speaker, r.take]);
    const sorted = [...keys].sort(
      (a, b) =>
        (a[0] as number) - (b[0] as number) ||
        String(a[1]).localeCompare(String(b[1])) ||
        (a[2] as number) - (b[2] as number),
    );
    expect(keys).toEqual(sorted);
  });

  it('gives the same samples as an independent 16-bit PCM read', async () => {
    const [record] = await loadFsdd({ dir: sampleDataDir() });
    const bytes = await readFile(join(sampleRecordings, `${record!.id}.wav`));
    const dataAt = bytes.indexOf('data') + 8;
    const pcm = new Int16Array(
      bytes.buffer.slice(bytes.byteOffset + dataAt, bytes.byteOffset + bytes.length),
    );
    expect(record!.samples.length).toBe(pcm.length);
    for (let i = 0; i < pcm.length; i += 97) expect(record!.samples[i]).toBeCloseTo(pcm[i]! / 32768, 6);
  });
});

describe('loadFsdd on bad input', () => {
  const tempDir = useTempDirs();

  it('reports every corrupted WAV in one typed error naming them, after reading all files', async () => {
    const recordings = await sampleCopy(await tempDir());
    const broken = join(recordings, '3_theo_40.wav');
    await writeFile(broken, Buffer.from('RIFF\x10\x00\x00\x00WAVEjunk'));
    const truncated = join(recordings, '4_theo_41.wav');
    await writeFile(truncated, (await readFile(join(sampleRecordings, '0_george_0.wav'))).subarray(0, 30));
    const error = await loadFsdd({ dir: recordings }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidAudioFilesError);
    expect((error as InvalidAudioFilesError).files.map((f) => f.path)).toEqual([broken, truncated]);
    expect((error as Error).message).toContain(broken);
    expect((error as Error).message).toContain("onInvalid: 'skip'");
    // One line that names the files: the first line is what a command line shows.
    expect((error as Error).message).not.toContain('\n');
    expect((error as InvalidAudioFilesError).summary).toMatch(
      /^2 audio files could not be read: .*3_theo_40\.wav \(.+\); .*4_theo_41\.wav \(.+\)\.$/,
    );
  });

  it('names the first three bad files and counts the rest', () => {
    const files = Array.from({ length: 5 }, (_, i) => ({ path: `/d/${i}_x_0.wav`, reason: 'bad\nheader' }));
    const error = new InvalidAudioFilesError(files);
    expect(error.summary).toBe(
      '5 audio files could not be read: /d/0_x_0.wav (bad header); /d/1_x_0.wav (bad header); ' +
        '/d/2_x_0.wav (bad header) and 2 more.',
    );
  });

  it("skips bad files with one warning each when onInvalid is 'skip'", async () => {
    const recordings = await sampleCopy(await tempDir());
    const broken = join(recordings, '3_theo_40.wav');
    await writeFile(broken, Buffer.from('not a wav at all'));
    const misnamed = join(recordings, 'hello.wav');
    await copyFile(join(sampleRecordings, '0_george_0.wav'), misnamed);
    const warnings: LoadWarning[] = [];
    const records = await loadFsdd({
      dir: recordings,
      onInvalid: 'skip',
      onWarning: (w) => warnings.push(w),
    });
    expect(records).toHaveLength(30);
    expect(warnings.map((w) => w.path).sort()).toEqual([broken, misnamed].sort());
    expect(warnings.find((w) => w.path === misnamed)!.reason).toMatch(/name/);
  });

  it('warns on the console by default when skipping', async () => {
    const recordings = await sampleCopy(await tempDir());
    await writeFile(join(recordings, '3_theo_40.wav'), Buffer.from('x'));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      await loadFsdd({ dir: recordings, onInvalid: 'skip' });
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]![0])).toContain('3_theo_40.wav');
    } finally {
      warn.mockRestore();
    }
  });

  it('names an empty folder', async () => {
    const dir = await tempDir();
    const error = await loadFsdd({ dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EmptyDatasetError);
    expect((error as Error).message).toContain(dir);
  });

  it('names a missing folder', async () => {
    const dir = join(await tempDir(), 'missing');
    const error = await loadFsdd({ dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatasetNotFoundError);
    expect((error as DatasetNotFoundError).path).toBe(dir);
  });

  it('refuses to return nothing when every file is bad, even when skipping', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, '1_a_1.wav'), 'bad');
    await expect(loadFsdd({ dir, onInvalid: 'skip', onWarning: () => {} })).rejects.toThrow(
      EmptyDatasetError,
    );
  });

  it('hashes the file bytes, not the decoded samples', async () => {
    const [record] = await loadFsdd({ dir: sampleDataDir() });
    const bytes = await readFile(join(sampleRecordings, `${record!.id}.wav`));
    expect(record!.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
  });
});
