import { createCanvas, loadImage } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { renderConfusionMatrix } from './confusion-png';
import { formatReport } from './format';
import type { EvaluationReport } from './schema';

async function decode(png: Uint8Array) {
  const image = await loadImage(Buffer.from(png));
  const canvas = createCanvas(image.width, image.height);
  const context = canvas.getContext('2d');
  context.drawImage(image, 0, 0);
  return {
    width: image.width,
    height: image.height,
    data: context.getImageData(0, 0, image.width, image.height).data,
  };
}

function count(data: Uint8ClampedArray, rgb: [number, number, number]): number {
  let n = 0;
  for (let i = 0; i < data.length; i += 4)
    if (data[i] === rgb[0] && data[i + 1] === rgb[1] && data[i + 2] === rgb[2]) n++;
  return n;
}

const CLASSES = ['beach', 'rain', 'forest', 'street', 'campfire'];

function report(classes: string[] | undefined): EvaluationReport {
  const n = classes?.length ?? 10;
  const confusion: number[][] = Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => (i === j ? 4 : 0)),
  );
  confusion[1]![1] = 3;
  confusion[1]![0] = 1;
  return {
    schemaVersion: classes ? 2 : 1,
    createdAt: '2026-12-01T20:00:00.000Z',
    model: { dir: '/runs/x/checkpoints/latest', kind: 'cvae', preset: 'recommended' },
    split: 'fraction:0.2:0',
    backend: 'wasm',
    judge: {
      cacheKey: 'k',
      imagePolicy: classes ? 'given-images' : 't10k-held-apart',
      trainImages: 100,
      heldOutImages: 20,
      heldOutAccuracy: 0.95,
      fromCache: true,
      stoppedEarly: false,
      disjointFromGeneratorTargets: false,
    },
    ...(classes && { classes, imageShape: [64, 64, 3] as [number, number, number] }),
    testRecordings: 4 * n,
    accuracy: (4 * n - 1) / (4 * n),
    perDigit: Array.from({ length: n }, (_, i) => (i === 1 ? 0.75 : 1)),
    confusion,
    diversity: { withinDigit: 20.5, realWithinDigit: 30.25, acrossNoise: 3.5, repeats: 5 },
    frechetDistance: 12,
    speed: { singleMsPerRecording: 2, batchedMsPerRecording: 0.5, batchSize: 20 },
    files: { report: '/runs/x/report.json', confusionPng: '/runs/x/confusion.png' },
  };
}

describe('formatReport', () => {
  it('keeps the digit table for a version-1 report', () => {
    const text = formatReport(report(undefined));
    expect(text).toContain(
      `digit      ${[0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((d) => String(d).padStart(6)).join(' ')}`,
    );
    expect(text).toContain('real held-out digits');
    expect(text).toContain('diversity within digit (L2)');
  });

  it('names the classes of a class report, one row each with its confusion counts', () => {
    const text = formatReport(report(CLASSES));
    const lines = text.split('\n');
    const rain = lines.find((line) => line.startsWith('rain '))!;
    expect(rain).toMatch(/75\.0%/);
    expect(rain.trim().split(/\s+/).slice(-5)).toEqual(['1', '3', '0', '0', '0']);
    expect(lines.find((line) => line.startsWith('campfire '))).toMatch(/100\.0%.*4$/);
    expect(text).toContain('judged as 0 beach, 1 rain, 2 forest, 3 street, 4 campfire');
    expect(text).toContain('real held-out pictures (64x64x3)');
    expect(text).toContain('diversity within class (L2)');
    expect(text).not.toContain('digit      ');
  });
});

describe('renderConfusionMatrix', () => {
  it('draws an N x N heat map: full rows in solid blue on the diagonal', async () => {
    const matrix = report(CLASSES).confusion;
    const { width, height, data } = await decode(renderConfusionMatrix(matrix, 'cvae', { classes: CLASSES }));
    // Four full-diagonal rows of one 39 px cell each (numbers in white cover a few pixels).
    const blue = count(data, [0, 0, 255]);
    expect(blue).toBeGreaterThan(4 * 39 * 39 * 0.9);
    expect(blue).toBeLessThanOrEqual(4 * 39 * 39);
    expect(width).toBeLessThan(600);
    expect(height).toBeLessThan(600);
  });

  it('fits 20 named classes, and names make room for themselves', async () => {
    const names = Array.from({ length: 20 }, (_, i) => `class number ${i}`);
    const matrix = Array.from({ length: 20 }, (_, i) =>
      Array.from({ length: 20 }, (_, j) => (i === j ? 2 : 0)),
    );
    const named = await decode(renderConfusionMatrix(matrix, 't', { classes: names }));
    const plain = await decode(renderConfusionMatrix(matrix, 't'));
    expect(named.width).toBeGreaterThan(plain.width);
    expect(named.width).toBeLessThan(1000);
    expect(count(named.data, [0, 0, 255])).toBe(count(plain.data, [0, 0, 255]));
    // 20 classes: 32 px cells, 31 px squares, each fully blue apart from its white count.
    expect(count(plain.data, [0, 0, 255])).toBeGreaterThan(20 * 31 * 31 * 0.9);
  });
});
