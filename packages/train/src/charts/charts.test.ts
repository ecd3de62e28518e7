import { createCanvas, loadImage } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { renderLossChart, renderSampleGrid } from './index';

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

describe('renderLossChart', () => {
  it('draws each loss as a coloured line in its own panel', async () => {
    const points = Array.from({ length: 50 }, (_, step) => ({
      step,
      losses: { generator: 2 - step / 50, discriminator: 0.7 + Math.sin(step) / 10 },
    }));
    const { width, height, data } = await decode(renderLossChart(points, { width: 640, height: 300 }));
    // A 36 px title, then one 300 px panel per loss.
    expect([width, height]).toEqual([640, 36 + 2 * 300]);
    let blue = 0;
    let red = 0;
    for (let i = 0; i < data.length; i += 4) {
      const [r, g, b] = [data[i]!, data[i + 1]!, data[i + 2]!];
      if (Math.abs(r - 0x1f) < 30 && Math.abs(g - 0x77) < 30 && Math.abs(b - 0xb4) < 30) blue++;
      if (r > 180 && g < 80 && b < 80) red++;
    }
    // 'discriminator' sorts first (palette blue, top panel), 'generator' second (palette red, bottom).
    expect(blue).toBeGreaterThan(200);
    expect(red).toBeGreaterThan(200);
    const redRows = new Set<number>();
    for (let i = 0; i < data.length; i += 4) {
      if (data[i]! > 180 && data[i + 1]! < 80 && data[i + 2]! < 80) redRows.add(Math.floor(i / 4 / width));
    }
    expect(Math.min(...redRows)).toBeGreaterThan(36 + 300);
    expect(data[3]).toBe(255);
  });

  it('skips non-finite values instead of failing', () => {
    const png = renderLossChart([
      { step: 0, losses: { g: 1 } },
      { step: 1, losses: { g: Number.NaN } },
    ]);
    expect(png.subarray(1, 4)).toEqual(new Uint8Array([0x50, 0x4e, 0x47]));
  });
});

describe('renderSampleGrid', () => {
  it('places each image in its row and column', async () => {
    const white = { pixels: new Float32Array(4).fill(1), height: 2, width: 2 };
    const black = { pixels: new Float32Array(4).fill(0), height: 2, width: 2 };
    const png = renderSampleGrid({
      rowTitles: ['real', 'generated'],
      columnLabels: ['0', '1'],
      cells: [
        [black, white],
        [white, black],
      ],
      cellSize: 20,
    });
    const { width, data } = await decode(png);
    const at = (x: number, y: number) => data[(y * width + x) * 4]!;
    // Layout constants of renderSampleGrid: left margin 110, top 24, gap 4.
    const cx = (column: number) => 110 + column * 24 + 10;
    const cy = (row: number) => 24 + row * 24 + 10;
    expect(at(cx(0), cy(0))).toBe(0);
    expect(at(cx(1), cy(0))).toBe(255);
    expect(at(cx(0), cy(1))).toBe(255);
    expect(at(cx(1), cy(1))).toBe(0);
  });
});
