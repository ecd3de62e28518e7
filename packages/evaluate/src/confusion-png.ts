import { createCanvas } from '@napi-rs/canvas';

/**
 * Draws a confusion matrix (rows: spoken digit, columns: judged digit) as a heat map with counts, on the
 * same @napi-rs/canvas the loss chart and sample grids use. Each row is shaded by its own share, so a
 * digit with fewer recordings is not paler.
 */
export function renderConfusionMatrix(matrix: readonly (readonly number[])[], title: string): Uint8Array {
  const n = matrix.length;
  const cell = 40;
  const left = 70;
  const top = 70;
  const width = left + n * cell + 20;
  const height = top + n * cell + 40;
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
  context.fillText('judged digit', left + (n * cell) / 2, 38);
  context.save();
  context.translate(16, top + (n * cell) / 2);
  context.rotate(-Math.PI / 2);
  context.fillText('spoken digit', 0, 0);
  context.restore();
  for (let i = 0; i < n; i++) {
    context.fillStyle = '#222222';
    context.fillText(String(i), left + i * cell + cell / 2, top - 12);
    context.fillText(String(i), left - 14, top + i * cell + cell / 2);
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
        context.font = '14px sans-serif';
      }
    }
  }
  return new Uint8Array(canvas.toBuffer('image/png'));
}
