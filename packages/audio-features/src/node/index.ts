import { readFile } from 'node:fs/promises';
import { InvalidOptionError } from '@ifa/core';
import { atomicWriteFile } from '@ifa/core/node';
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

/**
 * Any image to write as a PNG: `channels` 1 (grey, the default), 3 (RGB) or 4 (RGBA), interleaved,
 * row-major from the top row. Float data is read as [0, 1] (clipped; NaN is 0); 8-bit data as 0-255.
 * A `SpectrogramImage` and an @ifa/painter image are both `PngImage`s.
 */
export interface PngImage {
  width: number;
  height: number;
  channels?: 1 | 3 | 4;
  data: Float32Array | Float64Array | Uint8Array | Uint8ClampedArray | readonly number[];
}

/** PNG colour type per channel count: 0 grey, 2 RGB, 6 RGBA. */
const COLOR_TYPES = { 1: 0, 3: 2, 4: 6 } as const;

/**
 * Encodes an image as an 8-bit PNG: grey for one channel, RGB for three, RGBA for four. Float pixels in
 * [0, 1] become round(v * 255); `Uint8Array` / `Uint8ClampedArray` pixels are written as they are.
 */
export function encodePng(image: PngImage): Uint8Array {
  const { width, height, data } = image;
  const channels = image.channels ?? 1;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new InvalidOptionError({
      option: 'image',
      value: `${width} x ${height} pixels`,
      expected: 'a positive integer width and height',
    });
  }
  if (channels !== 1 && channels !== 3 && channels !== 4) {
    throw new InvalidOptionError({ option: 'image.channels', value: channels, expected: '1, 3 or 4' });
  }
  if (data.length !== width * height * channels) {
    throw new InvalidOptionError({
      option: 'image.data',
      value: `${data.length} values`,
      expected: `${width * height * channels} values for ${width} x ${height} pixels of ${channels} channel(s)`,
    });
  }
  const bytes = data instanceof Uint8Array || data instanceof Uint8ClampedArray;
  const colorType = COLOR_TYPES[channels];
  const png = new PNG({ width, height, colorType, inputColorType: 6, inputHasAlpha: true });
  const pixels = width * height;
  for (let i = 0; i < pixels; i++) {
    for (let c = 0; c < 4; c++) {
      // Grey fills R, G and B; a missing alpha is opaque.
      const source = channels === 1 ? (c < 3 ? 0 : -1) : c < channels ? c : -1;
      let value = 255;
      if (source >= 0) {
        const v = data[i * channels + source]!;
        value = bytes ? v : Number.isNaN(v) ? 0 : Math.round(Math.min(1, Math.max(0, v)) * 255);
      }
      png.data[4 * i + c] = value;
    }
  }
  const buffer = PNG.sync.write(png, { colorType, inputColorType: 6, inputHasAlpha: true });
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/** Encodes a {@link SpectrogramImage} as an 8-bit grey-scale PNG (0 black, 1 white); see {@link encodePng}. */
export function encodeSpectrogramPng(image: SpectrogramImage): Uint8Array {
  return encodePng({ width: image.width, height: image.height, channels: 1, data: image.data });
}

/** Writes the image as a PNG atomically: to a temporary file beside `path`, then renamed over it. */
export async function writeSpectrogramPng(image: SpectrogramImage, path: string): Promise<void> {
  await atomicWriteFile(path, encodeSpectrogramPng(image));
}
