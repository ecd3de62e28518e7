/**
 * Finds spoken words in a stream of microphone samples: a frame-energy detector with a noise-floor estimate
 * and hysteresis. Pure TypeScript, no Web Audio, so it is tested in Node on the same recordings the page
 * hears. The spectrogram encoder trims silence itself; this only has to decide when a word has started and
 * ended, so the page can draw without a button.
 */

export interface DetectorOptions {
  /** Sample rate of the pushed audio, in Hz. */
  sampleRate: number;
  /** Noise floor to start from, in dB (RMS, full scale = 0 dB). Unset: measured on the first 0.1 s. */
  floorDb?: number;
}

/** One stretch of speech, with a little audio before and after it. */
export interface Utterance {
  samples: Float32Array;
  sampleRate: number;
  /** Where it starts, in seconds since the detector's first sample. */
  startSeconds: number;
  /** Length of `samples`, in seconds. */
  seconds: number;
  /** Loudest frame, in dB (RMS of a 20 ms frame, full scale = 0 dB). */
  peakDb: number;
}

/** 20 ms frames: long enough for a stable level, short enough to find a word's edges. */
const FRAME_SECONDS = 0.02;
/** Frames measured before detection starts, when no floor is given. */
const CALIBRATION_FRAMES = 5;
/** Speech must stand this far above the noise floor... */
const MARGIN_DB = 12;
/** ...and above this absolute level (a quiet room with digital silence would otherwise trigger on hiss). */
const MIN_THRESHOLD_DB = -50;
/** Once speaking, a word continues down to this much below the start threshold (soft endings: "six"). */
const HYSTERESIS_DB = 6;
/** Two loud frames in a row start a word; one is a click. */
const ONSET_FRAMES = 2;
/** Silence that ends a word. Digits have short gaps inside ("six", "eight": ~0.1 s stop closures). */
const HANGOVER_SECONDS = 0.4;
/** Kept before the first loud frame (a soft "f" or "th" starts below the threshold) and after the last. */
const PRE_ROLL_SECONDS = 0.15;
const POST_ROLL_SECONDS = 0.15;
/** Shorter bursts of loud frames are clicks or bumps, not words. */
const MIN_SPEECH_SECONDS = 0.08;
/** A word that goes on longer is cut here and drawn (the encoder refuses more than 10 s of sound). */
export const MAX_UTTERANCE_SECONDS = 5;

export function levelDb(frame: Float32Array, length = frame.length): number {
  let sum = 0;
  for (let i = 0; i < length; i++) sum += frame[i]! * frame[i]!;
  // Digital silence has no level; -120 dB is below any 16-bit signal.
  return Math.max(-120, 10 * Math.log10(sum / Math.max(1, length) + 1e-15));
}

/** Streams samples in (`push`), words out. */
export class UtteranceDetector {
  readonly sampleRate: number;
  private readonly frameLength: number;
  private readonly frame: Float32Array;
  private filled = 0;
  private framesSeen = 0;
  private floor: number | undefined;
  private calibration: number[] = [];
  /** Quiet frames kept for the pre-roll while no word is under way. */
  private recent: Float32Array[] = [];
  /** Loud frames not yet confirmed as a word's start. */
  private candidate: { frame: Float32Array; db: number }[] = [];
  /** The word under way: frames and their levels. */
  private word: { frames: Float32Array[]; levels: number[]; startFrame: number } | null = null;
  private quietRun = 0;
  private lastLevel = -120;

  constructor(options: DetectorOptions) {
    this.sampleRate = options.sampleRate;
    this.frameLength = Math.max(1, Math.round(options.sampleRate * FRAME_SECONDS));
    this.frame = new Float32Array(this.frameLength);
    this.floor = options.floorDb;
  }

  /** Level of the last full frame, in dB; for a meter. */
  get level(): number {
    return this.lastLevel;
  }

  /** True while a word is under way. */
  get speaking(): boolean {
    return this.word !== null;
  }

  /** The level a frame must reach to start a word, in dB (null while still measuring the floor). */
  get thresholdDb(): number | null {
    return this.floor === undefined ? null : Math.max(this.floor + MARGIN_DB, MIN_THRESHOLD_DB);
  }

  /** Feeds samples; returns the words that ended inside them. */
  push(samples: Float32Array): Utterance[] {
    const done: Utterance[] = [];
    let offset = 0;
    while (offset < samples.length) {
      const take = Math.min(this.frameLength - this.filled, samples.length - offset);
      this.frame.set(samples.subarray(offset, offset + take), this.filled);
      this.filled += take;
      offset += take;
      if (this.filled === this.frameLength) {
        const utterance = this.onFrame(this.frame.slice());
        if (utterance !== null) done.push(utterance);
        this.filled = 0;
      }
    }
    return done;
  }

  /** Ends the stream: a word still under way is returned (when long enough), a partial frame dropped. */
  flush(): Utterance | null {
    const word = this.word;
    this.word = null;
    this.candidate = [];
    return word === null ? null : this.finish(word, word.frames.length);
  }

  private onFrame(frame: Float32Array): Utterance | null {
    const db = levelDb(frame);
    this.lastLevel = db;
    this.framesSeen++;
    if (this.floor === undefined) {
      this.calibration.push(db);
      this.keepRecent(frame);
      if (this.calibration.length >= CALIBRATION_FRAMES) this.floor = Math.min(...this.calibration);
      return null;
    }
    const threshold = Math.max(this.floor + MARGIN_DB, MIN_THRESHOLD_DB);
    const word = this.word;
    if (word === null) {
      if (db >= threshold) {
        this.candidate.push({ frame, db });
        if (this.candidate.length >= ONSET_FRAMES) {
          const preRoll = this.recent.slice(-Math.round(PRE_ROLL_SECONDS / FRAME_SECONDS));
          this.word = {
            frames: [...preRoll, ...this.candidate.map((c) => c.frame)],
            levels: [...preRoll.map(() => -120), ...this.candidate.map((c) => c.db)],
            startFrame: this.framesSeen - this.candidate.length - preRoll.length,
          };
          this.candidate = [];
          this.quietRun = 0;
        }
        return null;
      }
      for (const c of this.candidate) this.keepRecent(c.frame);
      this.candidate = [];
      this.keepRecent(frame);
      // The floor follows a quieter room at once and a louder one slowly (about 1 s), so speech that
      // does not pass the threshold on its first frames does not raise it much.
      this.floor = db < this.floor ? db : this.floor + 0.02 * (db - this.floor);
      return null;
    }
    word.frames.push(frame);
    word.levels.push(db);
    this.quietRun = db >= threshold - HYSTERESIS_DB ? 0 : this.quietRun + 1;
    const ended = this.quietRun >= Math.round(HANGOVER_SECONDS / FRAME_SECONDS);
    const tooLong = word.frames.length >= Math.round(MAX_UTTERANCE_SECONDS / FRAME_SECONDS);
    if (!ended && !tooLong) return null;
    this.word = null;
    const kept = ended
      ? word.frames.length - this.quietRun + Math.round(POST_ROLL_SECONDS / FRAME_SECONDS)
      : word.frames.length;
    // The quiet tail becomes the next word's pre-roll.
    this.recent = word.frames.slice(kept);
    return this.finish(word, kept);
  }

  private finish(
    word: { frames: Float32Array[]; levels: number[]; startFrame: number },
    kept: number,
  ): Utterance | null {
    const threshold = this.thresholdDb ?? MIN_THRESHOLD_DB;
    const frames = word.frames.slice(0, kept);
    const loud = word.levels.slice(0, kept).filter((db) => db >= threshold).length;
    if (loud * FRAME_SECONDS < MIN_SPEECH_SECONDS) return null;
    const samples = new Float32Array(frames.length * this.frameLength);
    for (const [i, f] of frames.entries()) samples.set(f, i * this.frameLength);
    return {
      samples,
      sampleRate: this.sampleRate,
      startSeconds: (word.startFrame * this.frameLength) / this.sampleRate,
      seconds: samples.length / this.sampleRate,
      peakDb: Math.max(...word.levels.slice(0, kept)),
    };
  }

  private keepRecent(frame: Float32Array): void {
    this.recent.push(frame);
    const keep = Math.round(PRE_ROLL_SECONDS / FRAME_SECONDS);
    if (this.recent.length > keep) this.recent.splice(0, this.recent.length - keep);
  }
}

/**
 * Every word in a finished recording (the hold-to-record button). The noise floor is the recording's own
 * quietest tenth, so speech right at the start of the recording is not taken for the room's noise.
 */
export function findUtterances(samples: Float32Array, sampleRate: number): Utterance[] {
  const frameLength = Math.max(1, Math.round(sampleRate * FRAME_SECONDS));
  const levels: number[] = [];
  for (let start = 0; start + frameLength <= samples.length; start += frameLength) {
    levels.push(levelDb(samples.subarray(start, start + frameLength)));
  }
  if (levels.length === 0) return [];
  levels.sort((a, b) => a - b);
  const floorDb = levels[Math.floor(levels.length * 0.1)]!;
  const detector = new UtteranceDetector({ sampleRate, floorDb });
  const found = detector.push(samples);
  const last = detector.flush();
  return last === null ? found : [...found, last];
}

/** Loudest frame of a recording, in dB; for "heard nothing" messages. */
export function peakLevelDb(samples: Float32Array, sampleRate: number): number {
  const frameLength = Math.max(1, Math.round(sampleRate * FRAME_SECONDS));
  let peak = -120;
  for (let start = 0; start < samples.length; start += frameLength) {
    const end = Math.min(samples.length, start + frameLength);
    peak = Math.max(peak, levelDb(samples.subarray(start, end)));
  }
  return peak;
}
