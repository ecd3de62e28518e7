import { createCanvas } from '@napi-rs/canvas';
import { Chart, type ChartDataset, registerables } from 'chart.js';

/** One point of a loss curve: the optimizer step and the losses logged at it. */
export interface LossPoint {
  step: number;
  losses: Record<string, number>;
}

export interface LossChartOptions {
  title?: string;
  width?: number;
  /** Height of each loss panel. Default 240. */
  height?: number;
  /** Moving-average window over steps, so GAN noise does not hide the trend. Default 1/20 of the steps. */
  smoothing?: number;
}

const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf'];

let registered = false;
function ensureChartJsRegistered(): void {
  // Chart.js keeps its controllers in a registry; registering once per process is what it expects.
  if (!registered) {
    Chart.register(...registerables);
    registered = true;
  }
}

function movingAverage(values: number[], window: number): number[] {
  const out: number[] = [];
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    sum += values[i]!;
    if (i >= window) sum -= values[i - window]!;
    out.push(sum / Math.min(i + 1, window));
  }
  return out;
}

/**
 * Draws each loss in its own panel against the step (raw values faint, moving average bold), stacked in
 * one PNG. Separate panels because the losses live on different scales (a sum-squared error in the
 * hundreds next to a BCE near 0.7 would be a flat line on a shared axis). Chart.js renders each panel on
 * a @napi-rs/canvas canvas; the panels are then composed into one image.
 */
export function renderLossChart(points: readonly LossPoint[], options: LossChartOptions = {}): Uint8Array {
  ensureChartJsRegistered();
  const width = options.width ?? 900;
  const names = [...new Set(points.flatMap((p) => Object.keys(p.losses)))].sort();
  const panelHeight = options.height ?? 240;
  const titleHeight = 36;
  const window = Math.max(1, Math.round(options.smoothing ?? points.length / 20));
  const canvas = createCanvas(width, titleHeight + Math.max(1, names.length) * panelHeight);
  const context = canvas.getContext('2d');
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.fillStyle = '#222222';
  context.font = 'bold 16px sans-serif';
  context.textAlign = 'center';
  context.textBaseline = 'middle';
  context.fillText(options.title ?? 'Training losses', width / 2, titleHeight / 2);

  names.forEach((name, index) => {
    const color = PALETTE[index % PALETTE.length]!;
    const series = points.filter((p) => Number.isFinite(p.losses[name]));
    const smooth = movingAverage(
      series.map((p) => p.losses[name]!),
      window,
    );
    const datasets: ChartDataset<'line', { x: number; y: number }[]>[] = [
      {
        label: window > 1 ? `${name} (moving average of ${window})` : name,
        data: series.map((p, i) => ({ x: p.step, y: smooth[i]! })),
        borderColor: color,
        backgroundColor: color,
        borderWidth: 2,
        pointRadius: series.length === 1 ? 3 : 0,
      },
    ];
    if (window > 1) {
      datasets.push({
        label: `${name} (raw)`,
        data: series.map((p) => ({ x: p.step, y: p.losses[name]! })),
        borderColor: `${color}40`,
        backgroundColor: `${color}40`,
        borderWidth: 1,
        pointRadius: 0,
      });
    }
    const panel = createCanvas(width, panelHeight);
    const chart = new Chart(panel.getContext('2d') as unknown as CanvasRenderingContext2D, {
      type: 'line',
      data: { datasets },
      options: {
        animation: false,
        responsive: false,
        parsing: false,
        normalized: true,
        scales: {
          x: { type: 'linear', title: { display: index === names.length - 1, text: 'step' } },
          y: { title: { display: true, text: name } },
        },
        plugins: { legend: { labels: { filter: (item) => !item.text.endsWith('(raw)') } } },
      },
    });
    try {
      context.drawImage(panel, 0, titleHeight + index * panelHeight);
    } finally {
      chart.destroy();
    }
  });
  return new Uint8Array(canvas.toBuffer('image/png'));
}
