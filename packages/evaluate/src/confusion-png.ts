import { createCanvas, type SKRSContext2D } from '@napi-rs/canvas';

export interface ConfusionPngOptions {
  /** Label of each class, by index (default the index: 0, 1, ...). */
  classes?: readonly string[];
  /** Axis titles. Default `'spoken digit'` / `'judged digit'`, or `'true class'` / `'judged class'` with names. */
  rowTitle?: string;
  columnTitle?: string;
}

/** `text` shortened with an ellipsis to at most `maxWidth` px in the context's current font. */
function fitText(context: SKRSContext2D, text: string, maxWidth: number): string {
  if (context.measureText(text).width <= maxWidth) return text;
  let cut = text;
  while (cut.length > 1 && context.measureText(`${cut}…`).width > maxWidth) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/**
 * Draws a confusion matrix (rows: true class, e.g. the spoken digit; columns: judged class) as a heat map
 * with counts, on the same @napi-rs/canvas the loss chart and sample grids use. Each row is shaded by its
 * own share, so a class with fewer recordings is not paler. Class names (up to ~20 classes) label the
 * rows on the left and the columns on top, written upwards; names longer than 14 characters' room are
 * shortened with an ellipsis.
 */
export function renderConfusionMatrix(
  matrix: readonly (readonly number[])[],
  title: string,
  options: ConfusionPngOptions = {},
): Uint8Array {
  const n = matrix.length;
  const names = options.classes ?? Array.from({ length: n }, (_, i) => String(i));
  const named = options.classes !== undefined && names.some((name, i) => name !== String(i));
  const rowTitle = options.rowTitle ?? (named ? 'true class' : 'spoken digit');
  const columnTitle = options.columnTitle ?? (named ? 'judged class' : 'judged digit');
  const cell = n > 12 ? 32 : 40;
  const measure = createCanvas(1, 1).getContext('2d');
  measure.font = '13px sans-serif';
  const labelRoom = named
    ? Math.min(110, Math.max(20, ...names.map((name) => Math.ceil(measure.measureText(name).width)))) + 10
    : 0;
  // Numbers (unnamed classes) keep the original 70 px margins and horizontal column labels.
  const left = named ? 42 + labelRoom : 70;
  const top = named ? 56 + labelRoom : 70;
  const width = Math.max(left + n * cell + 20, 360);
  const height = top + n * cell + 20;
  const canvas = createCanvas(width, height);
  const context = canvas.getContext('2d');
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, width, height);
  context.fillStyle = '#222222';
  context.font = '14px sans-serif';
  context.textBaseline = 'middle';
  context.textAlign = 'left';
  context.fillText(title, 8, 16);
  context.textAlign = 'center';
  context.fillText(columnTitle, left + (n * cell) / 2, 38);
  context.save();
  context.translate(16, top + (n * cell) / 2);
  context.rotate(-Math.PI / 2);
  context.fillText(rowTitle, 0, 0);
  context.restore();
  context.font = '13px sans-serif';
  for (let i = 0; i < n; i++) {
    context.fillStyle = '#222222';
    if (named) {
      const label = fitText(context, names[i]!, labelRoom - 10);
      // Row label right-aligned against the matrix; column label written upwards above its column.
      context.textAlign = 'right';
      context.fillText(label, left - 8, top + i * cell + cell / 2);
      context.save();
      context.translate(left + i * cell + cell / 2, top - 8);
      context.rotate(-Math.PI / 2);
      context.textAlign = 'left';
      context.fillText(label, 0, 0);
      context.restore();
      context.textAlign = 'center';
    } else {
      context.textAlign = 'center';
      context.fillText(names[i]!, left + i * cell + cell / 2, top - 12);
      context.fillText(names[i]!, left - 14, top + i * cell + cell / 2);
    }
    const total = matrix[i]!.reduce((a, b) => a + b, 0);
    for (let j = 0; j < n; j++) {
      const value = matrix[i]![j]!;
      const share = total === 0 ? 0 : value / total;
      // Diagonal in blue, errors in red, so a glance separates hits from confusions.
      const shade = Math.round(255 * (1 - share));
      context.fillStyle = i === j ? `rgb(${shade}, ${shade}, 255)` : `rgb(255, ${shade}, ${shade})`;
      context.fillRect(left + j * cell, top + i * cell, cell - 1, cell - 1);
      if (value > 0) {
        context.fillStyle = share > 0.6 ? '#ffffff' : '#222222';
        context.font = '12px sans-serif';
        context.fillText(String(value), left + j * cell + cell / 2, top + i * cell + cell / 2);
        context.font = '13px sans-serif';
      }
    }
  }
  return new Uint8Array(canvas.toBuffer('image/png'));
}
