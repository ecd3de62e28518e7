import { IfaError } from '@ifa/core';
import { describe, expect, it } from 'vitest';
import { DemoInputError } from './errors';
import { checkClipLength, checkFile, formatDuration, MAX_CLIP_SECONDS, MAX_FILE_BYTES } from './limits';
import { explain } from './messages';

const codeOf = (fn: () => void) => {
  try {
    fn();
  } catch (error) {
    return IfaError.isInstance(error) ? error.code : String(error);
  }
  return null;
};

describe('checkFile', () => {
  it('takes WAV files by type or by name, and files whose type the browser does not know', () => {
    for (const file of [
      { name: 'seven.wav', type: 'audio/wav' },
      { name: 'seven.wav', type: 'audio/x-wav' },
      { name: 'seven.WAV', type: '' },
      { name: 'recording', type: '' },
      { name: 'seven.wav', type: 'application/octet-stream' },
    ]) {
      expect(
        codeOf(() => checkFile({ ...file, size: 1000 })),
        file.name + file.type,
      ).toBeNull();
    }
  });

  it('refuses other audio, non-audio and huge files with a typed error', () => {
    expect(codeOf(() => checkFile({ name: 'seven.mp3', type: 'audio/mpeg', size: 1000 }))).toBe(
      DemoInputError.NOT_A_WAV,
    );
    expect(codeOf(() => checkFile({ name: 'cat.png', type: 'image/png', size: 1000 }))).toBe(
      DemoInputError.NOT_A_WAV,
    );
    expect(codeOf(() => checkFile({ name: 'long.wav', type: 'audio/wav', size: MAX_FILE_BYTES + 1 }))).toBe(
      DemoInputError.FILE_TOO_BIG,
    );
  });
});

describe('checkClipLength', () => {
  it(`refuses more than ${MAX_CLIP_SECONDS} s and says how long the clip was`, () => {
    expect(codeOf(() => checkClipLength(MAX_CLIP_SECONDS, 'x'))).toBeNull();
    expect(() => checkClipLength(600, 'ten.wav')).toThrow(/ten\.wav is 10:00 long/);
    expect(formatDuration(61.4)).toBe('1:01');
  });
});

describe('explain', () => {
  it('turns @ifa errors, microphone refusals and bugs into words for the page', () => {
    expect(explain(new DemoInputError(DemoInputError.NO_SPEECH, 'Heard no speech.'))).toEqual({
      title: 'No speech heard.',
      detail: 'Heard no speech.',
      expected: true,
    });
    const denied = Object.assign(new Error('Permission denied'), { name: 'NotAllowedError' });
    expect(explain(denied).title).toBe('The microphone is blocked.');
    const bug = explain(new TypeError('x is undefined'));
    expect(bug.expected).toBe(false);
    expect(bug.detail).toMatch(/x is undefined/);
  });

  it("says silence and too much sound in a user's terms, not the library's options", () => {
    const silent = Object.assign(new IfaError('IFA_SILENT_AUDIO', 'pass { allowSilence: true }'), {
      source: 'quiet.wav',
    });
    expect(explain(silent).detail).toMatch(/^quiet\.wav is digital silence/);
    expect(explain(silent).detail).not.toMatch(/allowSilence/);
    const long = Object.assign(new IfaError('IFA_AUDIO_TOO_LONG', 'maxDurationSeconds'), {
      durationSeconds: 12.34,
      maxDurationSeconds: 10,
    });
    expect(explain(long).detail).toBe(
      'The recording holds 12.3 s of sound; the model draws from at most 10 s (one spoken digit is about half a second). Cut it to the word.',
    );
  });
});
