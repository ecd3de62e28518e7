/**
 * `@ifa/painter/node`: everything of `@ifa/painter`, plus PNG output for Node (pngjs, through
 * @ifa/audio-features/node).
 *
 * ```js
 * import { loadPainter, toPng } from '@ifa/painter/node';
 * const painter = await loadPainter(pretrainedDigits);
 * writeFileSync('seven.png', toPng(await painter.fromWav(readFileSync('seven.wav'))));
 * ```
 */
import { encodePng } from '@ifa/audio-features/node';
import { InvalidOptionError } from '@ifa/core';
import type { PainterImage } from '../painter';

export * from '../index';

/**
 * Encodes a painter image as an 8-bit PNG (grey for one channel, RGB for three, RGBA for four; values in
 * [0, 1] become round(v * 255)). Returns the file's bytes; write them with `fs.writeFile`.
 */
export function toPng(image: PainterImage): Uint8Array {
  const { channels } = image;
  if (channels !== 1 && channels !== 3 && channels !== 4) {
    throw new InvalidOptionError({ option: 'image.channels', value: channels, expected: '1, 3 or 4' });
  }
  return encodePng({ width: image.width, height: image.height, channels, data: image.data });
}
