/**
 * Procedural sounds of the five soundscape classes, pure JS and seeded: every parameter (rates,
 * pitches, filter cut-offs, envelopes) is drawn from the generator, so no two recordings are alike and a
 * model has to learn what the class sounds like, not copy a template.
 */
import type { Rng } from '../random';

export const SOUNDSCAPE_SAMPLE_RATE = 16_000;

const TAU = 2 * Math.PI;

export function uniform(rng: Rng, low: number, high: number): number {
  return low + (high - low) * rng.next();
}

/** Standard normal draw (Box-Muller). */
export function gaussian(rng: Rng): number {
  const u = 1 - rng.next(); // (0, 1]: log(0) is never taken
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(TAU * rng.next());
}

function whiteNoise(rng: Rng, n: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = 2 * rng.next() - 1;
  return out;
}

/** One-pole low-pass in place; `cutoff` in Hz, constant or per sample. */
function lowPass(signal: Float32Array, cutoff: number | ((i: number) => number), sr: number): Float32Array {
  let y = 0;
  let a = typeof cutoff === 'number' ? Math.exp((-TAU * cutoff) / sr) : 0;
  for (let i = 0; i < signal.length; i++) {
    // A varying cut-off is updated every 16 samples (1 ms): smooth enough, and exp is not free.
    if (typeof cutoff !== 'number' && i % 16 === 0) a = Math.exp((-TAU * cutoff(i)) / sr);
    y = (1 - a) * signal[i]! + a * y;
    signal[i] = y;
  }
  return signal;
}

/**
 * `order` one-pole low-passes in a row (6 dB per octave each): one alone leaves too much high-frequency
 * noise, which a spectrogram spanning 80 dB shows as a flat grey picture.
 */
function steepLowPass(
  signal: Float32Array,
  cutoff: number | ((i: number) => number),
  sr: number,
  order: number,
): Float32Array {
  for (let k = 0; k < order; k++) lowPass(signal, cutoff, sr);
  return signal;
}

/** One-pole high-pass in place (the input minus its low-passed part). */
function highPass(signal: Float32Array, cutoff: number, sr: number): Float32Array {
  const a = Math.exp((-TAU * cutoff) / sr);
  let low = 0;
  for (let i = 0; i < signal.length; i++) {
    low = (1 - a) * signal[i]! + a * low;
    signal[i] = signal[i]! - low;
  }
  return signal;
}

/** Pink (1/f) noise, Paul Kellet's economy filter. */
function pinkNoise(rng: Rng, n: number): Float32Array {
  const out = new Float32Array(n);
  let b0 = 0;
  let b1 = 0;
  let b2 = 0;
  for (let i = 0; i < n; i++) {
    const white = 2 * rng.next() - 1;
    b0 = 0.99765 * b0 + white * 0.099046;
    b1 = 0.963 * b1 + white * 0.2965164;
    b2 = 0.57 * b2 + white * 1.0526913;
    out[i] = (b0 + b1 + b2 + white * 0.1848) * 0.2;
  }
  return out;
}

/**
 * A slow random wobble around 1 over `n` samples (a sum of three sines below `maxHz` with random phases).
 * Evaluated every 64 samples and interpolated: it changes slowly, and sines per sample are costly.
 */
function wobble(rng: Rng, depth: number, maxHz: number, n: number, sr: number): Float32Array {
  const parts = Array.from({ length: 3 }, () => ({
    f: uniform(rng, 0.1, maxHz),
    phase: uniform(rng, 0, TAU),
    a: uniform(rng, 0.3, 1),
  }));
  const total = parts.reduce((sum, p) => sum + p.a, 0);
  const at = (i: number) =>
    1 + (depth / total) * parts.reduce((sum, p) => sum + p.a * Math.sin((TAU * p.f * i) / sr + p.phase), 0);
  const step = 64;
  const out = new Float32Array(n);
  for (let from = 0; from < n; from += step) {
    const left = at(from);
    const right = at(from + step);
    for (let i = from; i < Math.min(n, from + step); i++)
      out[i] = left + ((right - left) * (i - from)) / step;
  }
  return out;
}

function rms(signal: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < signal.length; i++) sum += signal[i]! * signal[i]!;
  return Math.sqrt(sum / Math.max(1, signal.length));
}

/** Adds `source` scaled to `level` x rms 1 into `target`. */
function mixAt(target: Float32Array, source: Float32Array, level: number): void {
  const scale = level / (rms(source) || 1);
  for (let i = 0; i < target.length; i++) target[i]! += scale * source[i]!;
}

/** Surf: low-pass noise swelling and breaking in waves of varying period, brighter at each crest. */
function beach(rng: Rng, n: number, sr: number): Float32Array {
  const envelope = new Float32Array(n);
  let t0 = -uniform(rng, 0, 3) * sr;
  while (t0 < n) {
    const period = uniform(rng, 1.4, 4) * sr;
    const rise = uniform(rng, 0.35, 0.65) * period;
    const height = uniform(rng, 0.5, 1);
    for (let i = Math.max(0, Math.floor(t0)); i < Math.min(n, t0 + 2 * period); i++) {
      const x = i - t0;
      // Slow swell (sin^2 rise), then the break decays exponentially into the next wave.
      const value =
        x < rise
          ? height * Math.sin((Math.PI / 2) * (x / rise)) ** 2
          : height * Math.exp(-(x - rise) / (0.35 * period));
      envelope[i] = Math.max(envelope[i]!, value);
    }
    t0 += period;
  }
  const baseCutoff = uniform(rng, 200, 500);
  const crestCutoff = uniform(rng, 800, 2500);
  const body = steepLowPass(whiteNoise(rng, n), (i) => baseCutoff + crestCutoff * envelope[i]! ** 2, sr, 3);
  const out = new Float32Array(n);
  const floor = uniform(rng, 0.03, 0.15);
  for (let i = 0; i < n; i++) out[i] = body[i]! * (floor + envelope[i]!);
  // The hiss of foam at each break.
  const hiss = highPass(whiteNoise(rng, n), 2000, sr);
  for (let i = 0; i < n; i++) hiss[i] = hiss[i]! * envelope[i]! ** 3;
  mixAt(out, hiss, uniform(rng, 0.05, 0.2) * rms(out));
  return out;
}

/** Rain: dense random drops (short decaying pings and clicks) over pink noise. */
function rain(rng: Rng, n: number, sr: number): Float32Array {
  const out = pinkNoise(rng, n);
  highPass(out, uniform(rng, 200, 800), sr);
  const bed = rms(out);
  const rate = uniform(rng, 150, 700); // drops per second
  const dropLevel = uniform(rng, 2, 6) * bed;
  let t = 0;
  for (;;) {
    t += -Math.log(1 - rng.next()) / rate;
    const start = Math.floor(t * sr);
    if (start >= n) break;
    const frequency = uniform(rng, 1500, 6500);
    const decay = uniform(rng, 0.001, 0.008) * sr;
    const amplitude = dropLevel * rng.next() ** 2;
    const phase = uniform(rng, 0, TAU);
    const length = Math.min(n - start, Math.ceil(6 * decay));
    // A damped sine by its two-term recurrence (one multiply-add a sample instead of exp and sin).
    const r = Math.exp(-1 / decay);
    const w = (TAU * frequency) / sr;
    const c = 2 * r * Math.cos(w);
    let previous = (amplitude * Math.sin(phase - w)) / r;
    let current = amplitude * Math.sin(phase);
    for (let k = 0; k < length; k++) {
      out[start + k]! += current;
      const next = c * current - r * r * previous;
      previous = current;
      current = next;
    }
  }
  return out;
}

/** Birdsong: phrases of frequency-swept chirps, random pitch, rate and pauses, over a faint wind. */
function forest(rng: Rng, n: number, sr: number): Float32Array {
  const out = new Float32Array(n);
  const birds = 1 + rng.int(2);
  for (let b = 0; b < birds; b++) {
    const pitch = uniform(rng, 2200, 5500);
    const sweep = uniform(rng, -2000, 2000);
    const chirpSeconds = uniform(rng, 0.03, 0.12);
    const loudness = uniform(rng, 0.4, 1);
    let t = uniform(rng, 0, 0.5);
    while (t * sr < n) {
      const notes = 2 + rng.int(7);
      for (let k = 0; k < notes && t * sr < n; k++) {
        const f0 = pitch * uniform(rng, 0.85, 1.15);
        const f1 = Math.max(800, f0 + sweep * uniform(rng, 0.6, 1.4));
        const length = Math.floor(chirpSeconds * uniform(rng, 0.7, 1.3) * sr);
        const start = Math.floor(t * sr);
        let phase = 0;
        for (let i = 0; i < length && start + i < n; i++) {
          const x = i / length;
          const frequency = f0 + (f1 - f0) * x;
          phase += (TAU * frequency) / sr;
          const envelope = Math.sin(Math.PI * x) ** 2;
          // A little second harmonic makes it less of a pure whistle.
          const sine = Math.sin(phase);
          // sin(2x) = 2 sin(x) cos(x).
          out[start + i]! += loudness * envelope * sine * (1 + 0.4 * Math.cos(phase));
        }
        t += length / sr + uniform(rng, 0.02, 0.09);
      }
      t += uniform(rng, 0.15, 0.8);
    }
  }
  const wind = steepLowPass(whiteNoise(rng, n), uniform(rng, 150, 400), sr, 2);
  const gust = wobble(rng, 0.6, 0.7, n, sr);
  for (let i = 0; i < n; i++) wind[i] = wind[i]! * gust[i]!;
  mixAt(out, wind, uniform(rng, 0.03, 0.1) * (rms(out) || 0.1));
  return out;
}

/**
 * Traffic: a low rumble with vehicles passing by. Each passing swells and fades (tyre noise and engine
 * harmonics), and its pitch glides down as it goes past (doppler). One passes near the middle of the
 * clip, so its central window always holds one.
 */
function street(rng: Rng, n: number, sr: number): Float32Array {
  const out = steepLowPass(whiteNoise(rng, n), uniform(rng, 60, 160), sr, 3);
  const rumble = wobble(rng, 0.4, 0.5, n, sr);
  for (let i = 0; i < n; i++) out[i] = out[i]! * rumble[i]!;
  const rumbleLevel = rms(out);
  const seconds = n / sr;
  const vehicles = 1 + rng.int(3);
  for (let v = 0; v < vehicles; v++) {
    const passAt = v === 0 ? seconds / 2 + uniform(rng, -0.25, 0.25) : uniform(rng, -0.3, seconds + 0.3);
    const passWidth = uniform(rng, 0.15, 0.5); // seconds for the approach and the departure
    const engine = uniform(rng, 60, 200);
    const shift = uniform(rng, 0.06, 0.2); // doppler: +shift approaching, -shift leaving
    const level = uniform(rng, 4, 12) * rumbleLevel;
    const harmonics = 4 + rng.int(6);
    const tyre = steepLowPass(highPass(whiteNoise(rng, n), 200, sr), uniform(rng, 900, 2500), sr, 2);
    const tyreLevel = (uniform(rng, 0.5, 1.5) * level) / (rms(tyre) || 1);
    // The engine's phase as a unit phasor (cos, sin) turned by the current frequency each sample; the
    // frequency (and so the turn) is updated every 16 samples, when the phasor is also renormalised.
    let cos = 1;
    let sin = 0;
    let turnCos = 1;
    let turnSin = 0;
    for (let i = 0; i < n; i++) {
      const t = i / sr - passAt;
      if (i % 16 === 0) {
        const frequency = engine * (1 - shift * Math.tanh(t / (0.25 * passWidth)));
        turnCos = Math.cos((TAU * frequency) / sr);
        turnSin = Math.sin((TAU * frequency) / sr);
        const norm = 1 / Math.hypot(cos, sin);
        cos *= norm;
        sin *= norm;
      }
      const nextCos = cos * turnCos - sin * turnSin;
      sin = sin * turnCos + cos * turnSin;
      cos = nextCos;
      const envelope = 1 / (1 + (t / passWidth) ** 2);
      // sin(h x) for h = 1, 2, ... by the recurrence sin((h+1)x) = 2 cos(x) sin(hx) - sin((h-1)x).
      const twoCos = 2 * cos;
      let below = 0;
      let sine = sin;
      let tone = 0;
      for (let h = 1; h <= harmonics; h++) {
        tone += sine / h;
        const next = twoCos * sine - below;
        below = sine;
        sine = next;
      }
      out[i]! += envelope * envelope * (level * 0.5 * tone + tyreLevel * tyre[i]!);
    }
  }
  return out;
}

/** Campfire: crackles (very short clicks in bursts) and a few pops over a soft low roar. */
function fire(rng: Rng, n: number, sr: number): Float32Array {
  const out = steepLowPass(whiteNoise(rng, n), uniform(rng, 150, 450), sr, 3);
  const flicker = wobble(rng, 0.5, 2, n, sr);
  for (let i = 0; i < n; i++) out[i] = out[i]! * flicker[i]!;
  const roar = rms(out);
  const crackleRate = uniform(rng, 15, 80); // bursts per second
  let t = 0;
  for (;;) {
    t += -Math.log(1 - rng.next()) / crackleRate;
    if (t * sr >= n) break;
    const clicks = 1 + rng.int(6);
    let start = Math.floor(t * sr);
    for (let c = 0; c < clicks && start < n; c++) {
      const amplitude = roar * uniform(rng, 2, 12) * (rng.next() < 0.5 ? -1 : 1);
      const length = 2 + rng.int(Math.ceil(0.0015 * sr));
      for (let k = 0; k < length && start + k < n; k++) {
        out[start + k]! += amplitude * (2 * rng.next() - 1) * Math.exp((-4 * k) / length);
      }
      start += Math.floor(uniform(rng, 0.002, 0.02) * sr);
    }
  }
  const popRate = uniform(rng, 0.5, 4);
  t = 0;
  for (;;) {
    t += -Math.log(1 - rng.next()) / popRate;
    const start = Math.floor(t * sr);
    if (start >= n) break;
    const length = Math.floor(uniform(rng, 0.005, 0.025) * sr);
    const burst = lowPass(whiteNoise(rng, length), uniform(rng, 400, 2000), sr);
    const amplitude = roar * uniform(rng, 10, 30);
    for (let k = 0; k < length && start + k < n; k++) {
      out[start + k]! += amplitude * burst[k]! * Math.exp((-3 * k) / length);
    }
  }
  return out;
}

export const SOUND_MAKERS = { beach, fire, forest, rain, street } as const;

/**
 * One recording: the class's sound for `seconds`, with a little white noise (60-75 dB below the peak), short
 * fades so it does not start or end on a click, and its peak at a random level (-14 to -1 dBFS).
 */
export function makeSound(kind: keyof typeof SOUND_MAKERS, rng: Rng, seconds: number): Float32Array {
  const sr = SOUNDSCAPE_SAMPLE_RATE;
  const n = Math.max(1, Math.round(seconds * sr));
  const out = SOUND_MAKERS[kind](rng, n, sr);
  let peak = 0;
  for (let i = 0; i < n; i++) peak = Math.max(peak, Math.abs(out[i]!));
  const target = 10 ** (uniform(rng, -14, -1) / 20);
  const scale = target / (peak || 1);
  const noise = target * 10 ** (uniform(rng, -75, -60) / 20);
  for (let i = 0; i < n; i++) out[i] = scale * out[i]! + noise * (2 * rng.next() - 1);
  const fade = Math.min(Math.floor(n / 4), Math.floor(0.01 * sr));
  for (let i = 0; i < fade; i++) {
    out[i] = out[i]! * (i / fade);
    out[n - 1 - i] = out[n - 1 - i]! * (i / fade);
  }
  return out;
}

/** 16-bit PCM mono WAV. */
export function encodeWavPcm16(samples: Float32Array, sampleRate: number): Uint8Array {
  const out = new Uint8Array(44 + 2 * samples.length);
  const view = new DataView(out.buffer);
  const ascii = (offset: number, text: string) => {
    for (let i = 0; i < 4; i++) out[offset + i] = text.charCodeAt(i);
  };
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + 2 * samples.length, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, 2 * sampleRate, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  ascii(36, 'data');
  view.setUint32(40, 2 * samples.length, true);
  for (let i = 0; i < samples.length; i++) {
    const value = Math.max(-32768, Math.min(32767, Math.round(samples[i]! * 32768)));
    // Little-endian two's complement, byte by byte: the same bytes on any host.
    out[44 + 2 * i] = value & 0xff;
    out[45 + 2 * i] = (value >> 8) & 0xff;
  }
  return out;
}
