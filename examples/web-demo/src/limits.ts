import { DemoInputError } from './errors';

/**
 * Longest clip the page accepts, file or microphone. The encoder measures sound after trimming silence,
 * which needs the whole clip resampled and transformed first: for minutes of audio that is seconds of
 * work on the page's only thread. One spoken digit fits many times over; the encoder itself still refuses
 * more than 10 s of sound.
 */
export const MAX_CLIP_SECONDS = 30;

/**
 * Largest file read at all: 30 s of 96 kHz stereo 32-bit float is 23 MB. A bigger file is refused before
 * its bytes are read into memory.
 */
export const MAX_FILE_BYTES = 32 * 1024 * 1024;

/** `m:ss` for messages. */
export function formatDuration(seconds: number): string {
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}

/** Refuses what the page will not read, from what a file input tells before reading it. */
export function checkFile(file: { name: string; size: number; type: string }): void {
  const type = file.type.toLowerCase();
  const wavType = /^audio\/(x-)?(wav|wave|vnd\.wave)$/.test(type);
  // Browsers guess the type from the name and may not know it at all (''): then the bytes decide.
  if (!wavType && type !== '' && !/\.wave?$/i.test(file.name)) {
    throw new DemoInputError(
      DemoInputError.NOT_A_WAV,
      `${file.name} is ${type.startsWith('audio/') ? `${type} audio` : `not audio (${type})`}: this page reads ` +
        'WAV files. Record one, or convert yours, e.g. `ffmpeg -i in.mp3 out.wav`.',
    );
  }
  if (file.size > MAX_FILE_BYTES) {
    throw new DemoInputError(
      DemoInputError.FILE_TOO_BIG,
      `${file.name} is ${(file.size / 1024 / 1024).toFixed(0)} MB; this page reads WAV files up to ` +
        `${MAX_FILE_BYTES / 1024 / 1024} MB (${MAX_CLIP_SECONDS} s of audio is far less). Cut it to the spoken digit.`,
    );
  }
}

/** Refuses a clip longer than {@link MAX_CLIP_SECONDS}. */
export function checkClipLength(seconds: number, what: string): void {
  if (seconds > MAX_CLIP_SECONDS) {
    throw new DemoInputError(
      DemoInputError.CLIP_TOO_LONG,
      `${what} is ${formatDuration(seconds)} long. This page draws one spoken digit, from clips of up to ` +
        `${MAX_CLIP_SECONDS} s: cut it to the word (the model squeezes any sound into 28 columns).`,
    );
  }
}
