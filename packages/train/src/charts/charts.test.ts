import { InvalidOptionError } from '@ifa/core';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { type GridImage, lossChartPanels, renderImagePng, renderLossChart, renderSampleGrid } from './index';

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

describe('loss chart with per-epoch evaluations and a floor', () => {
  // Two epochs of 10 steps: a training curve for 'vae', test and train points for 'vae' and
  // 'vae.reconstruction' (a panel with no training curve), and a floor in the reconstruction panel.
  const points = Array.from({ length: 20 }, (_, i) => ({ step: i + 1, losses: { vae: 900 - 10 * i } }));
  const options = {
    smoothing: 1,
    evaluations: [
      {
        label: 'test (8 pairs, inference mode)',
        points: [
          { step: 10, losses: { vae: 850, 'vae.reconstruction': 840, 'vae.kl': 3 } },
          { step: 20, losses: { vae: 760, 'vae.reconstruction': 750, 'vae.kl': Number.NaN } },
        ],
      },
      {
        label: 'train (20 pairs, inference mode)',
        points: [
          { step: 10, losses: { vae: 800, 'vae.reconstruction': 790 } },
          { step: 20, losses: { vae: 700, 'vae.reconstruction': 690 } },
        ],
      },
    ],
    floors: [
      { panel: 'vae.reconstruction', value: 600, label: 'floor: class-mean SSE, test pool' },
      { panel: 'missing', value: 1, label: 'floor for a panel that does not exist' },
    ],
  };

  it('prepares the training curve, the test points and the floor line of each panel', () => {
    const panels = lossChartPanels(points, options);
    expect(panels.map((p) => p.name)).toEqual(['vae', 'vae.kl', 'vae.reconstruction']);
    const [vae, kl, reconstruction] = panels;
    expect(vae!.series.map((s) => s.kind)).toEqual(['curve', 'points', 'points']);
    expect(vae!.series[1]!.data).toEqual([
      { x: 10, y: 850 },
      { x: 20, y: 760 },
    ]);
    // The NaN is left out; the training subset has no kl term.
    expect(kl!.series).toEqual([
      { kind: 'points', label: 'test (8 pairs, inference mode)', data: [{ x: 10, y: 3 }] },
    ]);
    expect(reconstruction!.series.map((s) => [s.kind, s.label])).toEqual([
      ['points', 'test (8 pairs, inference mode)'],
      ['points', 'train (20 pairs, inference mode)'],
      ['floor', 'floor: class-mean SSE, test pool'],
    ]);
    // Every panel shares the step axis; the floor spans it (1 to 20), at its value.
    for (const panel of panels) expect(panel.steps).toEqual([1, 20]);
    expect(reconstruction!.series[2]!.data).toEqual([
      { x: 1, y: 600 },
      { x: 20, y: 600 },
    ]);
  });

  it('renders them as one panel each, with black test points and a grey dashed floor', async () => {
    const { width, height, data } = await decode(
      renderLossChart(points, { ...options, width: 640, height: 200 }),
    );
    expect([width, height]).toEqual([640, 36 + 3 * 200]);
    let black = 0;
    let grey = 0;
    const bottom = 36 + 2 * 200;
    for (let i = 0; i < data.length; i += 4) {
      const [r, g, b] = [data[i]!, data[i + 1]!, data[i + 2]!];
      if (r < 20 && g < 20 && b < 20) black++;
      // The floor (#555555) in the bottom panel, the reconstruction one.
      if (Math.floor(i / 4 / width) > bottom && Math.abs(r - 0x55) < 8 && r === g && g === b) grey++;
    }
    expect(black).toBeGreaterThan(100);
    expect(grey).toBeGreaterThan(100);
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

describe('colour pictures (3 channels)', () => {
  /** Decodes with pngjs (not the canvas that drew it): RGBA bytes. */
  function decodePng(png: Uint8Array): { width: number; height: number; data: Uint8Array } {
    const image = PNG.sync.read(Buffer.from(png));
    return { width: image.width, height: image.height, data: new Uint8Array(image.data) };
  }

  const red = [1, 0, 0];
  const teal = [0, 0.5, 0.75];
  // A 2 x 2 RGB picture: red, teal / teal, white. 0.5 -> 128, 0.75 -> 191.
  const rgb: GridImage = {
    pixels: Float32Array.from([...red, ...teal, ...teal, 1, 1, 1]),
    height: 2,
    width: 2,
    channels: 3,
  };

  it('renderImagePng writes the given colours, also scaled up and with channels left implicit', () => {
    for (const [image, scale] of [
      [rgb, 1],
      [{ ...rgb, channels: undefined }, 3],
    ] as const) {
      const { width, height, data } = decodePng(renderImagePng(image, scale));
      expect([width, height]).toEqual([2 * scale, 2 * scale]);
      const at = (x: number, y: number) => [...data.subarray((y * width + x) * 4, (y * width + x) * 4 + 4)];
      expect(at(0, 0)).toEqual([255, 0, 0, 255]);
      expect(at(2 * scale - 1, 0)).toEqual([0, 128, 191, 255]);
      expect(at(0, 2 * scale - 1)).toEqual([0, 128, 191, 255]);
      expect(at(2 * scale - 1, 2 * scale - 1)).toEqual([255, 255, 255, 255]);
    }
  });

  it('renderImagePng keeps grey pictures grey (bytes or [0, 1] values)', () => {
    for (const pixels of [Float32Array.from([0, 0.25, 0.5, 1]), Uint8Array.from([0, 64, 128, 255])]) {
      const { data } = decodePng(renderImagePng({ pixels, height: 2, width: 2 }));
      const expected = [0, 64, 128, 255];
      for (let i = 0; i < 4; i++) {
        expect([...data.subarray(i * 4, i * 4 + 4)]).toEqual([expected[i], expected[i], expected[i], 255]);
      }
    }
  });

  it('renderSampleGrid draws RGB cells in colour beside grey ones', () => {
    const solid = (colour: number[]): GridImage => ({
      pixels: Float32Array.from({ length: 8 * 8 * 3 }, (_, i) => colour[i % 3]!),
      height: 8,
      width: 8,
      channels: 3,
    });
    const grey: GridImage = { pixels: new Float32Array(8 * 8).fill(0.5), height: 8, width: 8 };
    const { width, data } = decodePng(
      renderSampleGrid({
        rowTitles: ['real'],
        columnLabels: ['beach', 'fire', 'grey'],
        cells: [[solid(teal), solid(red), grey]],
        cellSize: 16,
      }),
    );
    // Layout constants of renderSampleGrid: left margin 110, top 24 without a title, gap 4.
    const centre = (column: number) => {
      const [x, y] = [110 + column * 20 + 8, 24 + 8];
      return [...data.subarray((y * width + x) * 4, (y * width + x) * 4 + 3)];
    };
    expect(centre(0)).toEqual([0, 128, 191]);
    expect(centre(1)).toEqual([255, 0, 0]);
    expect(centre(2)).toEqual([128, 128, 128]);
  });

  it('rejects pixels that are neither grey nor RGB for the size', () => {
    expect(() => renderImagePng({ pixels: new Float32Array(2 * 2 * 2), height: 2, width: 2 })).toThrow(
      InvalidOptionError,
    );
    expect(() => renderImagePng({ ...rgb, channels: 1 })).toThrow(/height x width x channels/);
  });
});
