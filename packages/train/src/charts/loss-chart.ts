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
 * Draws every loss in `points` against the step (raw values faint, moving average bold) with Chart.js on
 * a @napi-rs/canvas canvas, and returns the PNG bytes.
 */
export function renderLossChart(points: readonly LossPoint[], options: LossChartOptions = {}): Uint8Array {
  ensureChartJsRegistered();
  const width = options.width ?? 900;
  const height = options.height ?? 480;
  const names = [...new Set(points.flatMap((p) => Object.keys(p.losses)))].sort();
  const window = Math.max(1, Math.round(options.smoothing ?? points.length / 20));
  const datasets: ChartDataset<'line', { x: number; y: number }[]>[] = [];
  names.forEach((name, index) => {
    const color = PALETTE[index % PALETTE.length]!;
    const series = points.filter((p) => Number.isFinite(p.losses[name]));
    const smooth = movingAverage(
      series.map((p) => p.losses[name]!),
      window,
    );
    datasets.push({
      label: name,
      data: series.map((p, i) => ({ x: p.step, y: smooth[i]! })),
      borderColor: color,
      backgroundColor: color,
      borderWidth: 2,
      pointRadius: 0,
    });
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
  });

  const canvas = createCanvas(width, height);
  const context = canvas.getContext('2d');
  const chart = new Chart(context as unknown as CanvasRenderingContext2D, {
    type: 'line',
    data: { datasets },
    options: {
      animation: false,
      responsive: false,
      parsing: false,
      normalized: true,
      scales: {
        x: { type: 'linear', title: { display: true, text: 'step' } },
        y: { title: { display: true, text: 'loss' } },
      },
      plugins: {
        title: { display: true, text: options.title ?? 'Training losses' },
        legend: { labels: { filter: (item) => !item.text.endsWith('(raw)') } },
      },
    },
    plugins: [
      {
        id: 'white-background',
        beforeDraw: (c) => {
          c.ctx.save();
          c.ctx.fillStyle = '#ffffff';
          c.ctx.fillRect(0, 0, c.width, c.height);
          c.ctx.restore();
        },
      },
    ],
  });
  try {
    return new Uint8Array(canvas.toBuffer('image/png'));
  } finally {
    chart.destroy();
  }
}
