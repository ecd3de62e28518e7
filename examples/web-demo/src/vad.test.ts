import { readFileSync } from 'node:fs';
import { decodeWav, resample } from '@ifa/audio-features';
import { describe, expect, it } from 'vitest';
import { findUtterances, MAX_UTTERANCE_SECONDS, peakLevelDb, UtteranceDetector } from './vad';

const RATE = 44_100;
/** A real FSDD recording shipped in @ifa/paired-dataset: "seven", 8 kHz, about 0.4 s. */
const seven = (() => {
  const bytes = readFileSync(
    new URL('../../../packages/paired-dataset/sample/fsdd/recordings/7_jackson_2.wav', import.meta.url),
  );
  const audio = decodeWav(new Uint8Array(bytes));
  return resample(audio.channelData[0]!, audio.sampleRate, RATE);
})();

function silence(seconds: number): Float32Array {
  return new Float32Array(Math.round(seconds * RATE));
}

function join(...parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Seeded white noise at roughly `db` dB RMS. */
function noise(seconds: number, db: number, seed = 1): Float32Array {
  const out = new Float32Array(Math.round(seconds * RATE));
  const amplitude = 10 ** (db / 20) * Math.sqrt(3);
  let state = seed;
  for (let i = 0; i < out.length; i++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    out[i] = amplitude * (state / 1073741824 - 1);
  }
  return out;
}

/** Feeds the detector in blocks of `block` samples, as the audio worklet does. */
function stream(samples: Float32Array, block: number) {
  const detector = new UtteranceDetector({ sampleRate: RATE });
  const found = [];
  for (let i = 0; i < samples.length; i += block)
    found.push(...detector.push(samples.subarray(i, i + block)));
  return found;
}

describe('UtteranceDetector', () => {
  it('finds one word between silences, with its start, and keeps all of the word', () => {
    const signal = join(silence(1), seven, silence(1.5));
    const [word, ...more] = stream(signal, 2048);
    expect(more).toEqual([]);
    expect(word!.startSeconds).toBeGreaterThan(0.75);
    expect(word!.startSeconds).toBeLessThan(1.05);
    // Pre- and post-roll around the word, the 0.4 s hangover cut off again.
    expect(word!.seconds).toBeGreaterThan(seven.length / RATE);
    expect(word!.seconds).toBeLessThan(seven.length / RATE + 0.5);
    // Every loud sample of the word is inside the utterance.
    const energy = (x: Float32Array) => x.reduce((sum, v) => sum + v * v, 0);
    expect(energy(word!.samples)).toBeCloseTo(energy(seven), 6);
  });

  it('gives the same words whatever the block size', () => {
    const signal = join(silence(0.5), seven, silence(1), seven, silence(1));
    const a = stream(signal, 128);
    const b = stream(signal, 4096);
    const c = stream(signal, signal.length);
    expect(a.map((w) => w.startSeconds)).toHaveLength(2);
    expect(b.map((w) => w.startSeconds)).toEqual(a.map((w) => w.startSeconds));
    expect(c.map((w) => w.seconds)).toEqual(a.map((w) => w.seconds));
  });

  it('hears a word over room noise, and nothing in noise or silence alone', () => {
    expect(stream(join(noise(1, -45), seven, noise(1.5, -45, 2)), 2048)).toHaveLength(1);
    expect(stream(noise(3, -45), 2048)).toEqual([]);
    expect(stream(silence(3), 2048)).toEqual([]);
  });

  it('takes a click for a click, not a word', () => {
    const click = new Float32Array(Math.round(0.01 * RATE)).fill(0.5);
    expect(stream(join(silence(1), click, silence(1)), 2048)).toEqual([]);
  });

  it(`cuts a sound that never stops at ${MAX_UTTERANCE_SECONDS} s`, () => {
    const tone = new Float32Array(8 * RATE).map((_, i) => 0.3 * Math.sin((2 * Math.PI * 220 * i) / RATE));
    const [first] = stream(join(silence(0.5), tone), 4096);
    expect(first!.seconds).toBeCloseTo(MAX_UTTERANCE_SECONDS, 1);
  });
});

describe('findUtterances (a held recording)', () => {
  it('finds a word that starts with the recording, and one cut off at its end', () => {
    const words = findUtterances(join(seven, silence(1), seven.subarray(0, seven.length / 2)), RATE);
    expect(words).toHaveLength(2);
    expect(words[0]!.startSeconds).toBe(0);
    // The longest is the whole word: what the page draws.
    expect(words[0]!.seconds).toBeGreaterThan(words[1]!.seconds);
  });

  it('finds nothing in silence, and says how loud the loudest moment was', () => {
    expect(findUtterances(silence(2), RATE)).toEqual([]);
    expect(peakLevelDb(silence(2), RATE)).toBe(-120);
    expect(peakLevelDb(seven, RATE)).toBeGreaterThan(-40);
  });
});
