import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  AudioTooLongError,
  DEFAULT_SPECTROGRAM_ENCODER_CONFIG,
  decodeWav,
  EmptyAudioError,
  IfaError,
  InvalidOptionError,
  InvalidSignalError,
  resample,
  SilentAudioError,
  SpectrogramEncoder,
} from '../index';
import { noise, tone } from '../test-utils';

const digit = decodeWav(
  new Uint8Array(readFileSync(new URL('../__fixtures__/fsdd/7_jackson_32.wav', import.meta.url))),
);

describe('SpectrogramEncoder', () => {
  it('defaults to 28 x 28 at 8 kHz with values in [0, 1] that use the range', () => {
    const encoder = new SpectrogramEncoder();
    const image = encoder.encodeAudio(digit);
    expect(image.height).toBe(28);
    expect(image.width).toBe(28);
    expect(image.data).toHaveLength(784);
    expect(Math.min(...image.data)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...image.data)).toBe(1);
    expect(Math.min(...image.data)).toBeLessThan(0.5);
  });

  it('is deterministic and its config is plain resolved JSON', () => {
    const encoder = new SpectrogramEncoder({ nMels: 32 });
    expect(encoder.encodeAudio(digit).data).toEqual(encoder.encodeAudio(digit).data);
    const json = JSON.parse(JSON.stringify(encoder.config));
    expect(json).toEqual({ ...DEFAULT_SPECTROGRAM_ENCODER_CONFIG, nMels: 32 });
    expect(new SpectrogramEncoder(json).encodeAudio(digit).data).toEqual(encoder.encodeAudio(digit).data);
    expect(new SpectrogramEncoder({ sampleRate: 16000 }).config.fMax).toBe(8000);
  });

  it('draws low frequencies at the bottom', () => {
    const image = new SpectrogramEncoder().encode(tone(200, 8000, 4000), 8000);
    const rowMeans = Array.from({ length: 28 }, (_, r) => {
      let sum = 0;
      for (let c = 0; c < 28; c++) sum += image.data[r * 28 + c]!;
      return sum / 28;
    });
    expect(rowMeans.indexOf(Math.max(...rowMeans))).toBeGreaterThan(20);
  });

  it("'stretch' fills the width for short and long clips alike", () => {
    const encoder = new SpectrogramEncoder({ trimTopDb: null });
    for (const length of [1120, 18240]) {
      const image = encoder.encode(noise(length, length), 8000);
      for (const column of [0, 13, 27]) expect(image.data[14 * 28 + column]).toBeGreaterThan(0.5);
    }
  });

  it("'pad' centres a short clip between silent columns", () => {
    const encoder = new SpectrogramEncoder({ fit: 'pad', trimTopDb: null });
    const image = encoder.encode(noise(640, 1), 8000); // 11 frames with center padding
    expect(image.data[14 * 28 + 0]).toBe(0);
    expect(image.data[14 * 28 + 27]).toBe(0);
    expect(image.data[14 * 28 + 13]).toBeGreaterThan(0.5);
  });

  it('trims leading and trailing silence before stretching', () => {
    const padded = new Float32Array(digit.channelData[0]!.length + 8000);
    padded.set(digit.channelData[0]!, 4000);
    const encoder = new SpectrogramEncoder();
    const a = encoder.encodeAudio(digit).data;
    const b = encoder.encode(padded, 8000).data;
    let maxDiff = 0;
    for (let i = 0; i < a.length; i++) maxDiff = Math.max(maxDiff, Math.abs(a[i]! - b[i]!));
    expect(maxDiff).toBeLessThan(0.15);
  });

  it('resamples other rates: a 16 kHz copy encodes close to the 8 kHz original', () => {
    const original = digit.channelData[0]!;
    const upsampled = resample(original, 8000, 16000);
    // Without trimming: a one-frame shift of the trim point would dominate the comparison.
    const encoder = new SpectrogramEncoder({ trimTopDb: null });
    const a = encoder.encode(original, 8000).data;
    const b = encoder.encode(upsampled, 16000).data;
    let sum = 0;
    for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
    expect(sum / a.length).toBeLessThan(0.005);
  });

  it('mixes channels down', () => {
    const mono = digit.channelData[0]!;
    const encoder = new SpectrogramEncoder();
    const stereo = encoder.encode([mono, mono], 8000);
    expect(stereo.data).toEqual(encoder.encode(mono, 8000).data);
  });

  it('rejects NaN and unknown options', () => {
    const encoder = new SpectrogramEncoder();
    const bad = tone(440, 8000, 100);
    bad[50] = Number.NaN;
    expect(() => encoder.encode(bad, 8000)).toThrow(InvalidSignalError);
    expect(() => encoder.encode(bad, 8000, { source: 'x.wav' })).toThrow(/^x\.wav: sample 50 is NaN/);
    for (const [index, value] of [
      [7, Number.POSITIVE_INFINITY],
      [99, Number.NEGATIVE_INFINITY],
    ] as const) {
      const infinite = tone(440, 8000, 100);
      infinite[index] = value;
      expect(() => encoder.encode(infinite, 8000)).toThrow(`sample ${index} is ${value};`);
    }
    expect(() => new SpectrogramEncoder({ nmels: 3 } as never)).toThrow(InvalidOptionError);
    expect(() => new SpectrogramEncoder({ fit: 'squash' } as never)).toThrow(/fit/);
  });
});

/** The thrown error, so tests can look at its class, code and message together. */
function thrown(fn: () => unknown): IfaError {
  try {
    fn();
  } catch (error) {
    expect(IfaError.isInstance(error)).toBe(true);
    return error as IfaError;
  }
  throw new Error('expected a throw');
}

describe('SpectrogramEncoder input limits', () => {
  const encoder = new SpectrogramEncoder();

  it('empty input throws EmptyAudioError naming the source', () => {
    const error = thrown(() => encoder.encode(new Float32Array(0), 8000));
    expect(error).toBeInstanceOf(EmptyAudioError);
    expect(error.code).toBe('IFA_EMPTY_AUDIO');
    const named = thrown(() =>
      encoder.encodeAudio({ sampleRate: 8000, channelData: [new Float32Array(0)], source: 'zero.wav' }),
    );
    expect(named.message).toMatch(/^zero\.wav: the audio has 0 samples/);
    expect((named as EmptyAudioError).source).toBe('zero.wav');
    // Empty is never an image, even with allowSilence.
    expect(() => encoder.encode(new Float32Array(0), 8000, { allowSilence: true })).toThrow(EmptyAudioError);
  });

  it('digital silence throws SilentAudioError unless allowSilence', () => {
    const error = thrown(() => encoder.encode(new Float32Array(4000), 8000, { source: 'mute.wav' }));
    expect(error).toBeInstanceOf(SilentAudioError);
    expect(error.code).toBe('IFA_SILENT_AUDIO');
    expect(error.message).toMatch(/^mute\.wav: the audio is silent \(all 4000 samples are 0\).*allowSilence/);
    // Below -120 dBFS, and stereo channels that cancel out, are silent too.
    expect(() => encoder.encode(tone(440, 8000, 4000, 5e-7), 8000)).toThrow(/below 1e-6/);
    const left = tone(440, 8000, 4000);
    const right = left.map((x) => -x);
    expect(() => encoder.encode([left, right], 8000)).toThrow(SilentAudioError);
    // Opting in, per call or per encoder, gives the all-zero image.
    expect(Math.max(...encoder.encode(new Float32Array(4000), 8000, { allowSilence: true }).data)).toBe(0);
    const lenient = new SpectrogramEncoder({}, { allowSilence: true });
    expect(Math.max(...lenient.encode(new Float32Array(4000), 8000).data)).toBe(0);
    expect(() => lenient.encode(new Float32Array(4000), 8000, { allowSilence: false })).toThrow(
      SilentAudioError,
    );
    // The quietest 16-bit signal (one LSB) is not silence.
    expect(Math.max(...encoder.encode(tone(440, 8000, 4000, 2 ** -15), 8000).data)).toBe(1);
  });

  it('a clip whose spectrogram is below the dB floor is silent too', () => {
    // Samples above 1e-6, but every mel power at or below amin (raised here to make it so).
    const quiet = new SpectrogramEncoder({ amin: 1e-3 });
    expect(() => quiet.encode(tone(440, 8000, 4000, 1e-4), 8000)).toThrow(
      /at or below the floor, amin 0\.001/,
    );
  });

  it('sound longer than maxDurationSeconds (default 10 s) throws AudioTooLongError with the limit and the fix', () => {
    expect(encoder.limits).toEqual({ allowSilence: false, maxDurationSeconds: 10 });
    // Limits are not features: the config (a model's stored encoder config, a cache key) is unchanged.
    expect(Object.keys(encoder.config)).not.toContain('maxDurationSeconds');
    const tenMinutes = noise(600 * 8000, 3, 0.1);
    const error = thrown(() => encoder.encode(tenMinutes, 8000, { source: 'talk.wav' }));
    expect(error).toBeInstanceOf(AudioTooLongError);
    expect(error.code).toBe('IFA_AUDIO_TOO_LONG');
    expect(error.message).toMatch(
      /^talk\.wav: 600\.0 s of sound is longer than this encoder's limit of 10 s/,
    );
    expect(error.message).toMatch(/maxDurationSeconds: 600 \}/);
    expect((error as AudioTooLongError).durationSeconds).toBeCloseTo(600, 1);
    // Raising the limit, or null, accepts it.
    const eleven = noise(11 * 8000, 4, 0.1);
    expect(() => encoder.encode(eleven, 8000)).toThrow(AudioTooLongError);
    expect(new SpectrogramEncoder({}, { maxDurationSeconds: 12 }).encode(eleven, 8000).width).toBe(28);
    expect(new SpectrogramEncoder({}, { maxDurationSeconds: null }).encode(eleven, 8000).width).toBe(28);
    expect(encoder.encode(eleven, 8000, { maxDurationSeconds: 12 }).width).toBe(28);
    // The limit is on the sound: silence trimmed from the ends does not count.
    const padded = new Float32Array(20 * 8000);
    padded.set(noise(8000, 5, 0.3), 10 * 8000);
    expect(encoder.encode(padded, 8000).width).toBe(28);
    // Exactly at the limit is fine, at another sample rate too.
    expect(encoder.encode(noise(10 * 16000, 6, 0.1), 16000).width).toBe(28);
    expect(() => new SpectrogramEncoder({}, { maxDurationSeconds: 0 })).toThrow(InvalidOptionError);
    expect(() => encoder.encode(eleven, 8000, { maxDurationSeconds: '10' as never })).toThrow(
      /maxDurationSeconds/,
    );
    expect(() => new SpectrogramEncoder({ maxDurationSeconds: 12 } as never)).toThrow(
      /SpectrogramEncoder option/,
    );
  });
});
