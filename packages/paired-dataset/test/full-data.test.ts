/**
 * Acceptance tests on the full datasets. They need IFA_DATA_DIR (CI points it at ../shared/datasets);
 * without it they are skipped, with the reason in the test name.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type AudioRecord,
  DatasetNotFoundError,
  FSDD_SPEAKERS,
  loadDigitPairs,
  loadFsdd,
  loadMnist,
  splitFsdd,
  verifyDatasets,
} from '../src';

const dataDir = process.env.IFA_DATA_DIR;
const reason = dataDir ? '' : ' (skipped: set IFA_DATA_DIR to the folder holding mnist/ and fsdd/)';

describe.skipIf(!dataDir)(`full FSDD in IFA_DATA_DIR${reason}`, () => {
  let records: AudioRecord[];
  beforeAll(async () => {
    records = await loadFsdd({ dir: dataDir! });
  });

  it('loads 3000 recordings: 6 speakers, 300 per digit, 50 takes each', () => {
    expect(records).toHaveLength(3000);
    expect([...new Set(records.map((r) => r.speaker))].sort()).toEqual([...FSDD_SPEAKERS]);
    for (let digit = 0; digit < 10; digit++)
      expect(records.filter((r) => r.label === digit)).toHaveLength(300);
    expect(new Set(records.map((r) => r.id)).size).toBe(3000);
    expect(records.every((r) => r.sampleRate === 8000 && r.samples.length >= 0.14 * 8000 - 1)).toBe(true);
  });

  it('standard split: 2700 train, 300 test', () => {
    const { train, test } = splitFsdd(records, 'standard');
    expect(train).toHaveLength(2700);
    expect(test).toHaveLength(300);
  });

  it('holding out theo: 500 test recordings, none by theo in train', () => {
    const { train, test } = splitFsdd(records, { heldOutSpeakers: ['theo'] });
    expect(test).toHaveLength(500);
    expect(test.every((r) => r.speaker === 'theo')).toBe(true);
    expect(train.filter((r) => r.speaker === 'theo')).toHaveLength(0);
    expect(train).toHaveLength(2500);
  });
});

describe.skipIf(!dataDir)(`full MNIST in IFA_DATA_DIR${reason}`, () => {
  it('loads 10000 test images whose labels match the IDX file', async () => {
    const set = await loadMnist({ dir: dataDir!, split: 'test' });
    expect(set.count).toBe(10000);
    expect([set.height, set.width]).toEqual([28, 28]);
    const raw = gunzipSync(await readFile(join(dataDir!, 'mnist', 't10k-labels-idx1-ubyte.gz')));
    expect(raw.readUInt32BE(4)).toBe(10000);
    expect(Buffer.from(set.labels).equals(raw.subarray(8))).toBe(true);
    const images = gunzipSync(await readFile(join(dataDir!, 'mnist', 't10k-images-idx3-ubyte.gz')));
    expect(Buffer.from(set.images).equals(images.subarray(16))).toBe(true);
  });

  it.skipIf(existsSync(join(dataDir ?? '', 'mnist', 'train-images-idx3-ubyte.gz')))(
    'names the missing training images and how to get them',
    async () => {
      const error = await loadMnist({ dir: dataDir!, split: 'train' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DatasetNotFoundError);
      expect((error as Error).message).toContain(join(dataDir!, 'mnist', 'train-images-idx3-ubyte.gz'));
      expect((error as Error).message).toContain('downloadDatasets');
    },
  );
});

describe.skipIf(!dataDir)(`MNIST x FSDD pairs from IFA_DATA_DIR${reason}`, () => {
  it('pairs every recording with a same-label digit, test images never in training, reproducibly', async () => {
    const pairs = await loadDigitPairs({ dir: dataDir!, split: { heldOutSpeakers: ['theo'] }, seed: 11 });
    expect(pairs.train.size).toBe(2500);
    expect(pairs.test.size).toBe(500);
    if (pairs.imagePolicy === 't10k-split') {
      const train = new Set(pairs.train.images.sourceIndices!);
      expect(pairs.train.images.count + pairs.test.images.count).toBe(10000);
      expect(pairs.test.images.sourceIndices!.some((i) => train.has(i))).toBe(false);
    }
    const run = () => {
      const parts: Buffer[] = [];
      for (const batch of pairs.train.batches({ batchSize: 256, seed: 3, epoch: 1 })) {
        for (let j = 0; j < batch.labels.length; j++) {
          expect(pairs.train.images.labels[batch.imageIndices[j]!]).toBe(batch.labels[j]);
        }
        parts.push(
          Buffer.from(batch.audio.buffer),
          Buffer.from(batch.image.buffer),
          Buffer.from(batch.labels.buffer),
        );
      }
      return Buffer.concat(parts);
    };
    const first = run();
    expect(first.equals(run())).toBe(true);
    const other = pairs.train.batches({ batchSize: 256, seed: 4, epoch: 1 }).next().value!;
    const firstBatch = pairs.train.batches({ batchSize: 256, seed: 3, epoch: 1 }).next().value!;
    expect(Array.from(other.audioIndices)).not.toEqual(Array.from(firstBatch.audioIndices));
  });
});

describe.skipIf(!dataDir)(`verifyDatasets on IFA_DATA_DIR${reason}`, () => {
  it('finds all 3000 FSDD recordings and the present MNIST files matching the published checksums', async () => {
    const report = await verifyDatasets(dataDir!);
    expect(report.fsdd).toEqual({
      ok: true,
      expected: 3000,
      valid: 3000,
      missing: [],
      mismatched: [],
      unexpected: [],
    });
    for (const entry of report.mnist) {
      expect(entry.status).toBe(existsSync(entry.path) ? 'ok' : 'missing');
    }
    expect(report.mnist.filter((m) => m.file.startsWith('t10k')).every((m) => m.status === 'ok')).toBe(true);
    // t10k alone (as on these machines) is the complete layout the README documents.
    expect(report.ok).toBe(true);
  });
});
