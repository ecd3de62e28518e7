import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { InvalidOptionError } from '@ifa/core';
import { PNG } from 'pngjs';
import { AudioFileError, type AudioFileProblem } from '../errors/audio-file-error';
import { WavFormatError } from '../errors/wav-format-error';
import type { SpectrogramImage } from '../spectrogram-encoder';
import { type DecodedAudio, decodeWav } from '../wav';

const FILE_PROBLEMS: Record<string, AudioFileProblem> = {
  ENOENT: 'not-found',
  ENOTDIR: 'not-found',
  EISDIR: 'is-directory',
  EACCES: 'permission-denied',
  EPERM: 'permission-denied',
};

/**
 * Reads an audio file from disk. WAV (see `decodeWav`) is the supported format. A path that is missing,
 * a folder or unreadable throws an `AudioFileError` naming the path; a decoding error is re-thrown as a
 * {@link WavFormatError} whose message starts with the path. The result's `source` is `path`, so encoder
 * errors (empty, silent, too long) name the file too.
 */
export async function readAudioFile(path: string): Promise<DecodedAudio> {
  if (typeof path !== 'string' || path.length === 0) {
    throw new InvalidOptionError({ option: 'path', value: path, expected: 'a file path' });
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (cause) {
    const code = (cause as { code?: unknown }).code;
    throw new AudioFileError(path, FILE_PROBLEMS[String(code)] ?? 'unreadable', { cause });
  }
  try {
    const audio = decodeWav(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    return { ...audio, source: path };
  } catch (error) {
    if (WavFormatError.isInstance(error)) {
      throw new WavFormatError(error.message, { source: path, cause: error });
    }
    throw error;
  }
}

/** Encodes a {@link SpectrogramImage} as an 8-bit grey-scale PNG (0 black, 1 white). */
export function encodeSpectrogramPng(image: SpectrogramImage): Uint8Array {
  const { width, height, data } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new InvalidOptionError({
      option: 'image',
      value: `${width} x ${height} pixels`,
      expected: 'a positive integer width and height',
    });
  }
  if (data.length !== width * height) {
    throw new InvalidOptionError({
      option: 'image.data',
      value: `${data.length} values`,
      expected: `${width * height} values for ${width} x ${height} pixels`,
    });
  }
  const png = new PNG({ width, height, colorType: 0, inputColorType: 6, inputHasAlpha: true });
  for (let i = 0; i < data.length; i++) {
    const value = data[i]!;
    const grey = Number.isNaN(value) ? 0 : Math.round(Math.min(1, Math.max(0, value)) * 255);
    png.data[4 * i] = grey;
    png.data[4 * i + 1] = grey;
    png.data[4 * i + 2] = grey;
    png.data[4 * i + 3] = 255;
  }
  const buffer = PNG.sync.write(png, { colorType: 0, inputColorType: 6, inputHasAlpha: true });
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/** Writes the image as a PNG atomically: to a temporary file beside `path`, then renamed over it. */
export async function writeSpectrogramPng(image: SpectrogramImage, path: string): Promise<void> {
  const bytes = encodeSpectrogramPng(image);
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, bytes);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
