import { InvalidOptionError } from '@ifa/core';
import type { PainterImage } from './painter';

/**
 * RGBA bytes of a picture for a canvas: `new ImageData(toRgba(image), image.width, image.height)`. Grey
 * images fill R, G and B alike; alpha is opaque. Values are round(v * 255), clipped to [0, 255].
 */
export function toRgba(image: PainterImage): Uint8ClampedArray {
  const { width, height, channels, data } = image;
  if (data.length !== width * height * channels || (channels !== 1 && channels !== 3 && channels !== 4)) {
    throw new InvalidOptionError({
      option: 'image',
      value: `${data.length} values for ${width} x ${height} x ${channels}`,
      expected: 'width * height * channels values, with 1, 3 or 4 channels',
    });
  }
  const out = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    for (let c = 0; c < 4; c++) {
      const source = channels === 1 ? (c < 3 ? 0 : -1) : c < channels ? c : -1;
      // Uint8ClampedArray rounds half to even and clips; NaN becomes 0.
      out[4 * i + c] = source < 0 ? 255 : Math.round(data[i * channels + source]! * 255);
    }
  }
  return out;
}
