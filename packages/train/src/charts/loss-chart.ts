import { createCanvas } from '@napi-rs/canvas';
import { Chart, type ChartDataset, registerables } from 'chart.js';

/** One point of a loss curve: the optimizer step and the losses logged at it. */
export interface LossPoint {
  step: number;
  losses: Record<string, number>;
}

/**
 * Values measured now and then rather than at every step (e.g. after each epoch, on held-out pairs),
 * keyed by panel name like {@link LossPoint}'s losses; drawn as marked points joined by a thin line.
 */
export interface EvaluationSeries {
  /** Legend label, e.g. `test (300 pairs)`. */
  label: string;
  points: readonly LossPoint[];
}

/** A horizontal reference line (e.g. the least loss any model can reach) in one panel. */
export interface FloorLine {
  panel: string;
  value: number;
  label: string;
}

export interface LossChartOptions {
  title?: string;
  width?: number;
  /** Height of each loss panel. Default 240. */
  height?: number;
  /** Moving-average window over steps, so GAN noise does not hide the trend. Default 1/20 of the steps. */
  smoothing?: number;
  /**
   * Per-epoch values, drawn into the panel of the same name (a name without a training curve gets a
   * panel of its own). The first series is drawn black, the others in the panel's colour.
   */
  evaluations?: readonly EvaluationSeries[];
  /** Horizontal lines across the step range; a floor for a panel that does not exist is left out. */
  floors?: readonly FloorLine[];
}

/** What one panel draws, in data units (what {@link renderLossChart} hands to Chart.js). */
export interface LossPanel {
  name: string;
  color: string;
  /** The step axis, the same in every panel: the first and last step shown anywhere in the chart. */
  steps: [number, number];
  series: PanelSeries[];
}

export interface PanelSeries {
  /** `curve`: the moving average; `raw`: the faint raw values; `points`: an evaluation; `floor`: a line. */
  kind: 'curve' | 'raw' | 'points' | 'floor';
  label: string;
  data: { x: number; y: number }[];
}

const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf'];
const EVALUATION_COLORS = ['#000000'];
const FLOOR_COLORS = ['#555555', '#999999'];
const FLOOR_DASHES = [
  [8, 4],
  [3, 3],
];

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

function smoothingWindow(points: readonly LossPoint[], options: LossChartOptions): number {
  return Math.max(1, Math.round(options.smoothing ?? points.length / 20));
}

/**
 * The panels of the loss chart, sorted by name (so `generator.reconstruction` follows `generator`): the
 * training curve of each loss (moving average, and the raw values when smoothed), each evaluation's
 * points, and the floors, as lines spanning every step shown anywhere in the chart. Non-finite values
 * are left out.
 */
export function lossChartPanels(points: readonly LossPoint[], options: LossChartOptions = {}): LossPanel[] {
  const evaluations = options.evaluations ?? [];
  const window = smoothingWindow(points, options);
  const names = [
    ...new Set([
      ...points.flatMap((p) => Object.keys(p.losses)),
      ...evaluations.flatMap((e) => e.points.flatMap((p) => Object.keys(p.losses))),
    ]),
  ].sort();
  const steps = [...points, ...evaluations.flatMap((e) => e.points)].map((p) => p.step);
  const span: [number, number] = steps.length > 0 ? [Math.min(...steps), Math.max(...steps)] : [0, 1];
  return names.map((name, index) => {
    const series: PanelSeries[] = [];
    const curve = points.filter((p) => Number.isFinite(p.losses[name]));
    if (curve.length > 0) {
      const smooth = movingAverage(
        curve.map((p) => p.losses[name]!),
        window,
      );
      series.push({
        kind: 'curve',
        label: window > 1 ? `${name} (moving average of ${window})` : name,
        data: curve.map((p, i) => ({ x: p.step, y: smooth[i]! })),
      });
      if (window > 1) {
        series.push({
          kind: 'raw',
          label: `${name} (raw)`,
          data: curve.map((p) => ({ x: p.step, y: p.losses[name]! })),
        });
      }
    }
    for (const evaluation of evaluations) {
      const data = evaluation.points
        .filter((p) => Number.isFinite(p.losses[name]))
        .map((p) => ({ x: p.step, y: p.losses[name]! }));
      if (data.length > 0) series.push({ kind: 'points', label: evaluation.label, data });
    }
    for (const floor of options.floors ?? []) {
      if (floor.panel !== name || !Number.isFinite(floor.value)) continue;
      series.push({
        kind: 'floor',
        label: floor.label,
        data: span.map((x) => ({ x, y: floor.value })),
      });
    }
    return { name, color: PALETTE[index % PALETTE.length]!, steps: span, series };
  });
}

/** Chart.js datasets for one panel's series: curves bold, raw faint, evaluations marked, floors dashed. */
function datasetsOf(panel: LossPanel): ChartDataset<'line', { x: number; y: number }[]>[] {
  let evaluation = 0;
  let floor = 0;
  return panel.series.map((s) => {
    const base = { label: s.label, data: s.data };
    // 'floor' is the default case.
    switch (s.kind) {
      case 'curve':
        return {
          ...base,
          borderColor: panel.color,
          backgroundColor: panel.color,
          borderWidth: 2,
          pointRadius: s.data.length === 1 ? 3 : 0,
        };
      case 'raw':
        return {
          ...base,
          borderColor: `${panel.color}40`,
          backgroundColor: `${panel.color}40`,
          borderWidth: 1,
          pointRadius: 0,
        };
      case 'points': {
        const color = EVALUATION_COLORS[evaluation] ?? panel.color;
        const style = evaluation === 0 ? 'circle' : 'triangle';
        evaluation++;
        return {
          ...base,
          borderColor: color,
          backgroundColor: color,
          borderWidth: 1,
          borderDash: [4, 3],
          pointRadius: 4,
          pointStyle: style,
        };
      }
      default: {
        const i = floor++ % FLOOR_COLORS.length;
        return {
          ...base,
          borderColor: FLOOR_COLORS[i],
          backgroundColor: FLOOR_COLORS[i],
          borderWidth: 1.5,
          borderDash: FLOOR_DASHES[i],
          pointRadius: 0,
        };
      }
    }
  });
}

/**
 * Draws each loss in its own panel against the step (raw values faint, moving average bold), stacked in
 * one PNG, with the per-epoch evaluations as marked points and floors as dashed horizontal lines.
 * Separate panels because the losses live on different scales (a sum-squared error in the hundreds next
 * to a BCE near 0.7 would be a flat line on a shared axis). Chart.js renders each panel on a
 * @napi-rs/canvas canvas; the panels are then composed into one image.
 */
export function renderLossChart(points: readonly LossPoint[], options: LossChartOptions = {}): Uint8Array {
  ensureChartJsRegistered();
  const width = options.width ?? 900;
  const panels = lossChartPanels(points, options);
  const panelHeight = options.height ?? 240;
  const titleHeight = 36;
  const canvas = createCanvas(width, titleHeight + Math.max(1, panels.length) * panelHeight);
  const context = canvas.getContext('2d');
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.fillStyle = '#222222';
  context.font = 'bold 16px sans-serif';
  context.textAlign = 'center';
  context.textBaseline = 'middle';
  context.fillText(options.title ?? 'Training losses', width / 2, titleHeight / 2);

  panels.forEach((panel, index) => {
    const canvasPanel = createCanvas(width, panelHeight);
    const chart = new Chart(canvasPanel.getContext('2d') as unknown as CanvasRenderingContext2D, {
      type: 'line',
      data: { datasets: datasetsOf(panel) },
      options: {
        animation: false,
        responsive: false,
        parsing: false,
        normalized: true,
        scales: {
          x: {
            type: 'linear',
            min: panel.steps[0],
            max: panel.steps[1],
            title: { display: index === panels.length - 1, text: 'step' },
          },
          y: { title: { display: true, text: panel.name } },
        },
        plugins: {
          legend: { labels: { filter: (item) => !item.text.endsWith('(raw)') } },
        },
      },
    });
    try {
      context.drawImage(canvasPanel, 0, titleHeight + index * panelHeight);
    } finally {
      chart.destroy();
    }
  });
  return new Uint8Array(canvas.toBuffer('image/png'));
}
