import { InvalidOptionError } from '@ifa/core';
import type { PainterImage } from '@ifa/painter';
import { describe, expect, it } from 'vitest';
import { tileImages } from '../src/commands/generate';

/** A 2 x 2 picture filled with one colour (or grey value). */
function solid(values: number[]): PainterImage {
  const channels = values.length;
  return {
    width: 2,
    height: 2,
    channels,
    data: Float32Array.from({ length: 4 * channels }, (_, i) => values[i % channels]!),
  };
}

/** The values of grid pixel (x, y). */
function at(grid: ReturnType<typeof tileImages>, x: number, y: number): number[] {
  const c = grid.channels ?? 1;
  return [...grid.pixels.subarray((y * grid.width + x) * c, (y * grid.width + x + 1) * c)];
}

describe('ifa generate: tiling pictures into the PNG grid', () => {
  it('keeps RGB pictures in colour, two to a row, the missing cell black', () => {
    const [red, green, blue] = [solid([1, 0, 0]), solid([0, 1, 0]), solid([0, 0, 1])];
    const grid = tileImages([red, green, blue], 2);
    expect([grid.width, grid.height, grid.channels]).toEqual([4, 4, 3]);
    expect(at(grid, 1, 1)).toEqual([1, 0, 0]);
    expect(at(grid, 2, 0)).toEqual([0, 1, 0]);
    expect(at(grid, 3, 1)).toEqual([0, 1, 0]);
    expect(at(grid, 0, 2)).toEqual([0, 0, 1]);
    expect(at(grid, 3, 3)).toEqual([0, 0, 0]);
  });

  it('keeps grey pictures grey (one value per pixel)', () => {
    const grid = tileImages([solid([0.25]), solid([0.75])], 2);
    expect([grid.width, grid.height, grid.channels]).toEqual([4, 2, 1]);
    expect(grid.pixels.length).toBe(8);
    expect([at(grid, 1, 1), at(grid, 2, 0)]).toEqual([[0.25], [0.75]]);
  });

  it('refuses pictures with an alpha channel', () => {
    expect(() => tileImages([solid([1, 1, 1, 1])], 1)).toThrow(InvalidOptionError);
  });
});
