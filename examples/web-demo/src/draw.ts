import { toRgba } from '@ifa/painter';

/** A grey picture: `height` rows of `width` values in [0, 1]. */
export interface GreyImage {
  width: number;
  height: number;
  data: Float32Array;
}

/** Draws a small grey picture onto a canvas of any size, with square pixels (no smoothing). */
export function drawGrey(canvas: HTMLCanvasElement, image: GreyImage): void {
  const small = document.createElement('canvas');
  small.width = image.width;
  small.height = image.height;
  // toRgba allocates a fresh ArrayBuffer (never a SharedArrayBuffer), which is what ImageData's type asks.
  const rgba = toRgba({ ...image, channels: 1 }) as Uint8ClampedArray<ArrayBuffer>;
  small.getContext('2d')!.putImageData(new ImageData(rgba, image.width, image.height), 0, 0);
  const context = canvas.getContext('2d')!;
  context.imageSmoothingEnabled = false;
  context.clearRect(0, 0, canvas.width, canvas.height);
  context.drawImage(small, 0, 0, canvas.width, canvas.height);
}

/** Draws a waveform (samples in [-1, 1]) as a min/max envelope per pixel column. */
export function drawWaveform(canvas: HTMLCanvasElement, samples: Float32Array, color: string): void {
  const context = canvas.getContext('2d')!;
  const { width, height } = canvas;
  context.clearRect(0, 0, width, height);
  context.fillStyle = color;
  const perColumn = samples.length / width;
  for (let x = 0; x < width; x++) {
    let low = 0;
    let high = 0;
    const end = Math.min(samples.length, Math.floor((x + 1) * perColumn));
    for (let i = Math.floor(x * perColumn); i < end; i++) {
      const v = samples[i]!;
      if (v < low) low = v;
      if (v > high) high = v;
    }
    const top = ((1 - high) / 2) * height;
    const bottom = ((1 - low) / 2) * height;
    context.fillRect(x, top, 1, Math.max(1, bottom - top));
  }
}
