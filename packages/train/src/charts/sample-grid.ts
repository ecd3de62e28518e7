import { createCanvas } from '@napi-rs/canvas';

/** One grayscale picture, values in [0, 1], row-major. */
export interface GridImage {
  pixels: Float32Array | Uint8Array;
  height: number;
  width: number;
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

function toRgba(image: GridImage): Uint8ClampedArray {
  const rgba = new Uint8ClampedArray(image.height * image.width * 4);
  const scale = image.pixels instanceof Uint8Array ? 1 : 255;
  for (let i = 0; i < image.height * image.width; i++) {
    const v = Math.max(0, Math.min(255, Math.round(image.pixels[i]! * scale)));
    rgba[i * 4] = v;
    rgba[i * 4 + 1] = v;
    rgba[i * 4 + 2] = v;
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

/** Writes one image (values in [0, 1]) as a grayscale PNG, scaled up by `scale`. */
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
