import { InvalidOptionError } from '@ifa/core';
import { createCanvas } from '@napi-rs/canvas';

/**
 * One picture, row-major `[height, width, channels]` with channels interleaved: values in [0, 1]
 * (`Float32Array`) or 0-255 (`Uint8Array`). One channel is drawn grey, three as RGB.
 */
export interface GridImage {
  pixels: Float32Array | Uint8Array;
  height: number;
  width: number;
  /**
   * 1 (grey) or 3 (RGB). Default: read from the length of `pixels` (height x width x 1 or x 3), so a
   * colour picture sliced as `h * w * c` values draws in colour without saying so.
   */
  channels?: 1 | 3;
}

export interface SampleGridOptions {
  /** One title per row, e.g. `['spectrogram', 'real', 'generated']`. */
  rowTitles: readonly string[];
  /** One label per column, e.g. the digit. */
  columnLabels: readonly string[];
  /** `cells[row][column]`; a missing cell stays blank. */
  cells: readonly (readonly (GridImage | undefined)[])[];
  /** Pixel size of each cell. Default 56 (2x for 28x28). */
  cellSize?: number;
  title?: string;
}

function channelsOf(image: GridImage): 1 | 3 {
  const area = image.height * image.width;
  const channels = image.channels ?? (image.pixels.length === area * 3 ? 3 : 1);
  if ((channels !== 1 && channels !== 3) || image.pixels.length !== area * channels) {
    throw new InvalidOptionError({
      option: 'image.pixels',
      value: `${image.pixels.length} values for ${image.height} x ${image.width}${image.channels ? ` x ${image.channels}` : ''}`,
      expected: `height x width x channels values (${area} grey or ${area * 3} RGB)`,
    });
  }
  return channels;
}

function toRgba(image: GridImage): Uint8ClampedArray {
  const channels = channelsOf(image);
  const rgba = new Uint8ClampedArray(image.height * image.width * 4);
  const scale = image.pixels instanceof Uint8Array ? 1 : 255;
  for (let i = 0; i < image.height * image.width; i++) {
    for (let c = 0; c < 3; c++) {
      // Grey repeats its one value in R, G and B.
      const value = image.pixels[i * channels + (channels === 1 ? 0 : c)]!;
      rgba[i * 4 + c] = Math.max(0, Math.min(255, Math.round(value * scale)));
    }
    rgba[i * 4 + 3] = 255;
  }
  return rgba;
}

/** Draws a labelled grid (rows titled on the left, columns labelled on top) and returns PNG bytes. */
export function renderSampleGrid(options: SampleGridOptions): Uint8Array {
  const cell = options.cellSize ?? 56;
  const gap = 4;
  const left = 110;
  const top = options.title ? 48 : 24;
  const rows = options.cells.length;
  const columns = options.columnLabels.length;
  const width = left + columns * (cell + gap) + gap;
  const height = top + rows * (cell + gap) + gap;
  const canvas = createCanvas(width, height);
  const context = canvas.getContext('2d');
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, width, height);
  context.fillStyle = '#222222';
  context.font = '14px sans-serif';
  context.textBaseline = 'middle';
  if (options.title) {
    context.textAlign = 'left';
    context.fillText(options.title, gap, 14);
  }
  context.textAlign = 'center';
  options.columnLabels.forEach((label, column) => {
    context.fillText(label, left + column * (cell + gap) + cell / 2, top - 10);
  });
  context.textAlign = 'right';
  options.rowTitles.forEach((title, row) => {
    context.fillText(title, left - 8, top + row * (cell + gap) + cell / 2);
  });
  context.imageSmoothingEnabled = false;
  options.cells.forEach((rowCells, row) => {
    rowCells.forEach((image, column) => {
      if (!image) return;
      const small = createCanvas(image.width, image.height);
      const smallContext = small.getContext('2d');
      const data = smallContext.createImageData(image.width, image.height);
      data.data.set(toRgba(image));
      smallContext.putImageData(data, 0, 0);
      context.drawImage(small, left + column * (cell + gap), top + row * (cell + gap), cell, cell);
    });
  });
  return new Uint8Array(canvas.toBuffer('image/png'));
}

/** Writes one image (values in [0, 1], or bytes) as a PNG, grey or RGB, scaled up by `scale`. */
export function renderImagePng(image: GridImage, scale = 1): Uint8Array {
  const small = createCanvas(image.width, image.height);
  const smallContext = small.getContext('2d');
  const data = smallContext.createImageData(image.width, image.height);
  data.data.set(toRgba(image));
  smallContext.putImageData(data, 0, 0);
  if (scale === 1) return new Uint8Array(small.toBuffer('image/png'));
  const big = createCanvas(image.width * scale, image.height * scale);
  const bigContext = big.getContext('2d');
  bigContext.imageSmoothingEnabled = false;
  bigContext.drawImage(small, 0, 0, image.width * scale, image.height * scale);
  return new Uint8Array(big.toBuffer('image/png'));
}
