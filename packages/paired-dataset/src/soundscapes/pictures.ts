/**
 * Procedural 64 x 64 scenes of the five soundscape classes. Every size, position, count and colour is
 * drawn from the seeded generator, so pictures of a class share a layout, not pixels.
 */
import type { Rng } from '../random';
import { gaussian, uniform } from './sounds';

export const PICTURE_SIZE = 64;

type Rgb = readonly [number, number, number];

/** An RGB canvas with values in [0, 1]; shapes are sampled at pixel centres (no anti-aliasing). */
class Canvas {
  readonly data: Float32Array;
  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.data = new Float32Array(width * height * 3);
  }

  blend(x: number, y: number, color: Rgb, alpha = 1): void {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return;
    const p = 3 * (y * this.width + x);
    for (let c = 0; c < 3; c++) this.data[p + c] = (1 - alpha) * this.data[p + c]! + alpha * color[c]!;
  }

  /** Rows from `y0` to `y1` (exclusive) shaded from `top` to `bottom`. */
  gradient(y0: number, y1: number, top: Rgb, bottom: Rgb): void {
    const from = Math.max(0, Math.floor(y0));
    const to = Math.min(this.height, Math.ceil(y1));
    for (let y = from; y < to; y++) {
      const t = to - from > 1 ? (y - from) / (to - from - 1) : 0;
      const color = mix(top, bottom, t);
      for (let x = 0; x < this.width; x++) this.blend(x, y, color);
    }
  }

  /** Every pixel whose centre passes `inside`, within the bounding box. */
  fill(
    inside: (x: number, y: number) => boolean,
    box: [number, number, number, number],
    color: Rgb,
    alpha = 1,
  ) {
    const [x0, y0, x1, y1] = box;
    for (let y = Math.max(0, Math.floor(y0)); y < Math.min(this.height, Math.ceil(y1)); y++) {
      for (let x = Math.max(0, Math.floor(x0)); x < Math.min(this.width, Math.ceil(x1)); x++) {
        if (inside(x + 0.5, y + 0.5)) this.blend(x, y, color, alpha);
      }
    }
  }

  rect(x0: number, y0: number, x1: number, y1: number, color: Rgb, alpha = 1): void {
    this.fill((x, y) => x >= x0 && x < x1 && y >= y0 && y < y1, [x0, y0, x1, y1], color, alpha);
  }

  circle(cx: number, cy: number, r: number, color: Rgb, alpha = 1): void {
    this.fill(
      (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r,
      [cx - r, cy - r, cx + r, cy + r],
      color,
      alpha,
    );
  }

  polygon(points: readonly (readonly [number, number])[], color: Rgb, alpha = 1): void {
    const xs = points.map((p) => p[0]);
    const ys = points.map((p) => p[1]);
    const inside = (x: number, y: number) => {
      let hit = false;
      for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
        const [xi, yi] = points[i]!;
        const [xj, yj] = points[j]!;
        if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) hit = !hit;
      }
      return hit;
    };
    this.fill(
      inside,
      [Math.min(...xs), Math.min(...ys), Math.max(...xs) + 1, Math.max(...ys) + 1],
      color,
      alpha,
    );
  }

  /** A segment `width` pixels thick. */
  line(x0: number, y0: number, x1: number, y1: number, width: number, color: Rgb, alpha = 1): void {
    const dx = x1 - x0;
    const dy = y1 - y0;
    const length2 = dx * dx + dy * dy || 1;
    const half = width / 2;
    const inside = (x: number, y: number) => {
      const t = Math.max(0, Math.min(1, ((x - x0) * dx + (y - y0) * dy) / length2));
      return (x - x0 - t * dx) ** 2 + (y - y0 - t * dy) ** 2 <= half * half;
    };
    const box: [number, number, number, number] = [
      Math.min(x0, x1) - half,
      Math.min(y0, y1) - half,
      Math.max(x0, x1) + half + 1,
      Math.max(y0, y1) + half + 1,
    ];
    this.fill(inside, box, color, alpha);
  }

  /** 8-bit RGB with a little per-pixel noise (sensor grain), so no two flat areas are identical. */
  toBytes(rng: Rng, grain: number): Uint8Array {
    const out = new Uint8Array(this.data.length);
    for (let i = 0; i < this.data.length; i++) {
      const value = this.data[i]! + grain * gaussian(rng);
      out[i] = Math.round(255 * Math.min(1, Math.max(0, value)));
    }
    return out;
  }
}

function mix(a: Rgb, b: Rgb, t: number): Rgb {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}

/** `base` with each channel moved by up to `spread`, clamped to [0, 1]. */
function jitter(rng: Rng, base: Rgb, spread: number): Rgb {
  const clamp = (v: number) => Math.min(1, Math.max(0, v));
  return [
    clamp(base[0] + uniform(rng, -spread, spread)),
    clamp(base[1] + uniform(rng, -spread, spread)),
    clamp(base[2] + uniform(rng, -spread, spread)),
  ];
}

function beach(c: Canvas, rng: Rng): void {
  const size = c.width;
  const horizon = uniform(rng, 0.3, 0.55) * size;
  const shore = horizon + uniform(rng, 0.15, 0.3) * size;
  const dusk = rng.next() < 0.25;
  const skyTop = dusk ? jitter(rng, [0.35, 0.35, 0.65], 0.1) : jitter(rng, [0.3, 0.55, 0.9], 0.1);
  const skyLow = dusk ? jitter(rng, [0.95, 0.6, 0.4], 0.1) : jitter(rng, [0.7, 0.85, 1], 0.08);
  c.gradient(0, horizon, skyTop, skyLow);
  const sunR = uniform(rng, 3, 7);
  c.circle(
    uniform(rng, 4, size - 4),
    uniform(rng, sunR, horizon - 1),
    sunR,
    jitter(rng, [1, 0.9, 0.4], 0.08),
  );
  for (let k = rng.int(3); k > 0; k--) {
    const cx = uniform(rng, 0, size);
    const cy = uniform(rng, 3, horizon - 4);
    for (let p = 0; p < 3; p++)
      c.circle(cx + 3 * p, cy + uniform(rng, -1, 1), uniform(rng, 2, 3.5), [1, 1, 1], 0.8);
  }
  const sea = jitter(rng, [0.1, 0.4, 0.65], 0.1);
  c.gradient(horizon, shore + 2, mix(sea, [0, 0.1, 0.3], 0.4), sea);
  const sand = jitter(rng, [0.9, 0.8, 0.55], 0.07);
  const wave = {
    amplitude: uniform(rng, 0.5, 2.5),
    period: uniform(rng, 10, 30),
    phase: uniform(rng, 0, 6.3),
  };
  const edge = (x: number) => shore + wave.amplitude * Math.sin((2 * Math.PI * x) / wave.period + wave.phase);
  c.fill((x, y) => y >= edge(x), [0, shore - 3, size, size], sand);
  c.gradient(shore + 6, size, sand, mix(sand, [0.6, 0.45, 0.3], 0.3));
  if (rng.next() < 0.8) {
    c.fill(
      (x, y) => Math.abs(y - edge(x) + 0.8) < 0.9,
      [0, shore - 4, size, shore + 4],
      [0.97, 0.97, 0.97],
      0.9,
    );
  }
}

function rain(c: Canvas, rng: Rng): void {
  const size = c.width;
  const ground = uniform(rng, 0.7, 0.9) * size;
  c.gradient(0, ground, jitter(rng, [0.35, 0.4, 0.48], 0.06), jitter(rng, [0.55, 0.6, 0.66], 0.06));
  c.gradient(ground, size, jitter(rng, [0.25, 0.28, 0.3], 0.05), jitter(rng, [0.18, 0.2, 0.22], 0.04));
  const angle = uniform(rng, -0.5, 0.5); // radians from vertical, shared by the shower
  const streaks = 40 + rng.int(120);
  for (let s = 0; s < streaks; s++) {
    const length = uniform(rng, 3, 10);
    const a = angle + uniform(rng, -0.06, 0.06);
    const x = uniform(rng, -10, size + 10);
    const y = uniform(rng, -5, size);
    const shade = uniform(rng, 0.7, 0.95);
    c.line(
      x,
      y,
      x + length * Math.sin(a),
      y + length * Math.cos(a),
      0.9,
      [shade, shade, shade + 0.03],
      uniform(rng, 0.4, 0.8),
    );
  }
}

function forest(c: Canvas, rng: Rng): void {
  const size = c.width;
  const ground = uniform(rng, 0.6, 0.85) * size;
  c.gradient(0, ground, jitter(rng, [0.55, 0.75, 0.95], 0.1), jitter(rng, [0.85, 0.92, 0.95], 0.05));
  c.gradient(ground, size, jitter(rng, [0.3, 0.5, 0.2], 0.08), jitter(rng, [0.35, 0.28, 0.15], 0.06));
  const count = 3 + rng.int(8);
  // Far (small, high) trees first, near (large, low) ones last.
  const trees = Array.from({ length: count }, () => ({ depth: rng.next(), x: uniform(rng, 0, size) })).sort(
    (a, b) => a.depth - b.depth,
  );
  for (const tree of trees) {
    const scale = 0.5 + tree.depth;
    const base = ground + tree.depth * (size - ground) * 0.8;
    const height = uniform(rng, 18, 32) * scale;
    const trunk = uniform(rng, 1.5, 3) * scale;
    const bark = jitter(rng, [0.4, 0.27, 0.15], 0.06);
    c.rect(tree.x - trunk / 2, base - height * 0.45, tree.x + trunk / 2, base, bark);
    const leaf = jitter(rng, [0.15, 0.45, 0.15], 0.1);
    if (rng.next() < 0.5) {
      const width = uniform(rng, 8, 14) * scale;
      c.polygon(
        [
          [tree.x, base - height],
          [tree.x - width / 2, base - height * 0.3],
          [tree.x + width / 2, base - height * 0.3],
        ],
        leaf,
      );
    } else {
      const r = uniform(rng, 5, 8) * scale;
      c.circle(tree.x, base - height * 0.45 - r * 0.7, r, leaf);
      c.circle(
        tree.x + uniform(rng, -r, r) * 0.5,
        base - height * 0.45 - r * 1.2,
        r * 0.7,
        mix(leaf, [0.3, 0.6, 0.2], 0.3),
      );
    }
  }
}

function street(c: Canvas, rng: Rng): void {
  const size = c.width;
  const horizon = uniform(rng, 0.4, 0.6) * size;
  const vanishX = uniform(rng, 0.3, 0.7) * size;
  c.gradient(0, horizon, jitter(rng, [0.55, 0.7, 0.9], 0.12), jitter(rng, [0.8, 0.85, 0.9], 0.08));
  // Buildings along the horizon, each with a grid of windows.
  let x = uniform(rng, -6, 0);
  while (x < size) {
    const width = uniform(rng, 6, 16);
    const top = horizon - uniform(rng, 8, horizon - 2);
    const wall = jitter(rng, [0.55, 0.5, 0.48], 0.2);
    c.rect(x, top, x + width, horizon + 1, wall);
    const lit = rng.next() < 0.5;
    for (let wy = top + 2; wy < horizon - 2; wy += 4) {
      for (let wx = x + 1.5; wx < x + width - 2; wx += 3.5) {
        const on = lit && rng.next() < 0.6;
        c.rect(wx, wy, wx + 2, wy + 2, on ? [0.95, 0.85, 0.4] : mix(wall, [0.1, 0.12, 0.2], 0.6));
      }
    }
    x += width + uniform(rng, 0, 3);
  }
  c.gradient(horizon, size, jitter(rng, [0.6, 0.6, 0.58], 0.06), jitter(rng, [0.45, 0.45, 0.44], 0.05));
  const halfBottom = uniform(rng, 0.35, 0.6) * size;
  const asphalt = jitter(rng, [0.25, 0.25, 0.27], 0.05);
  c.polygon(
    [
      [vanishX - 1, horizon],
      [vanishX + 1, horizon],
      [size / 2 + halfBottom, size],
      [size / 2 - halfBottom, size],
    ],
    asphalt,
  );
  const marking: Rgb = rng.next() < 0.5 ? [0.95, 0.95, 0.9] : [0.95, 0.8, 0.2];
  const dashes = 4 + rng.int(4);
  for (let d = 0; d < dashes; d++) {
    // Dashes grow and spread out towards the viewer: perspective.
    const t0 = ((d + 0.2) / dashes) ** 2;
    const t1 = ((d + 0.6) / dashes) ** 2;
    const at = (t: number): [number, number] => [
      vanishX + (size / 2 - vanishX) * t,
      horizon + (size - horizon) * t,
    ];
    const [x0, y0] = at(t0);
    const [x1, y1] = at(t1);
    c.line(x0, y0, x1, y1, 0.5 + 1.5 * t1, marking);
  }
}

function fire(c: Canvas, rng: Rng): void {
  const size = c.width;
  c.gradient(0, size, jitter(rng, [0.04, 0.03, 0.05], 0.03), jitter(rng, [0.25, 0.1, 0.04], 0.06));
  const cx = uniform(rng, 0.35, 0.65) * size;
  const base = uniform(rng, 0.72, 0.88) * size;
  const spread = uniform(rng, 12, 22);
  const height = uniform(rng, 22, 40);
  // Flames: outer red-orange, then orange, then a yellow core, each a ragged tongue shape.
  const layers: [Rgb, number][] = [
    [jitter(rng, [0.85, 0.25, 0.05], 0.08), 1],
    [jitter(rng, [1, 0.55, 0.1], 0.06), 0.7],
    [jitter(rng, [1, 0.9, 0.35], 0.06), 0.4],
  ];
  const tongues = 2 + rng.int(4);
  const tips = Array.from({ length: tongues }, () => ({
    dx: uniform(rng, -0.5, 0.5) * spread,
    h: uniform(rng, 0.55, 1) * height,
    lean: uniform(rng, -5, 5),
  }));
  for (const [color, scale] of layers) {
    for (const tip of tips) {
      const w = (spread / tongues + uniform(rng, 2, 5)) * scale;
      const bx = cx + tip.dx * 0.6;
      const h = tip.h * scale;
      c.polygon(
        [
          [bx - w, base],
          [bx - w * 0.6 + tip.lean * 0.3, base - h * 0.5],
          [bx + tip.lean, base - h],
          [bx + w * 0.6 + tip.lean * 0.3, base - h * 0.5],
          [bx + w, base],
        ],
        color,
      );
    }
  }
  const wood = jitter(rng, [0.35, 0.2, 0.1], 0.05);
  const logs = 2 + rng.int(3);
  for (let l = 0; l < logs; l++) {
    const angle = uniform(rng, -0.5, 0.5);
    const half = uniform(rng, 10, 18);
    const y = base + uniform(rng, 0, 4);
    c.line(
      cx - half * Math.cos(angle),
      y - half * Math.sin(angle),
      cx + half * Math.cos(angle),
      y + half * Math.sin(angle),
      uniform(rng, 2.5, 4),
      wood,
    );
  }
  for (let s = rng.int(12); s > 0; s--) {
    c.circle(
      cx + uniform(rng, -spread, spread),
      base - uniform(rng, height * 0.6, height * 1.4),
      0.7,
      [1, 0.8, 0.3],
      uniform(rng, 0.5, 1),
    );
  }
}

const PAINTERS = { beach, fire, forest, rain, street } as const;

/** One 64 x 64 RGB picture (8-bit, interleaved, top row first) of the class. */
export function makePicture(kind: keyof typeof PAINTERS, rng: Rng): Uint8Array {
  const canvas = new Canvas(PICTURE_SIZE, PICTURE_SIZE);
  PAINTERS[kind](canvas, rng);
  return canvas.toBytes(rng, uniform(rng, 0.005, 0.03));
}
