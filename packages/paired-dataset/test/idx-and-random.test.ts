import { describe, expect, it } from 'vitest';
import { IdxFormatError } from '../src';
import { parseIdx } from '../src/mnist';
import { createRng, deriveSeed, permutation } from '../src/random';

function idx(magic: number, dims: number[], data: number[]): Uint8Array {
  const out = Buffer.alloc(4 + 4 * dims.length + data.length);
  out.writeUInt32BE(magic, 0);
  dims.forEach((d, i) => {
    out.writeUInt32BE(d, 4 + 4 * i);
  });
  out.set(data, 4 + 4 * dims.length);
  return out;
}

describe('parseIdx', () => {
  it('reads uncompressed IDX too', () => {
    const parsed = parseIdx(idx(0x803, [2, 1, 2], [1, 2, 3, 4]), 'x.idx', 3);
    expect(parsed.dims).toEqual([2, 1, 2]);
    expect(Array.from(parsed.data)).toEqual([1, 2, 3, 4]);
  });

  it('rejects short files, wrong ranks, and data of the wrong length', () => {
    expect(() => parseIdx(new Uint8Array(2), 'a', 1)).toThrow(IdxFormatError);
    expect(() => parseIdx(idx(0x801, [3], [1, 2, 3]), 'b', 3)).toThrow(/0x00000801.*0x00000803/);
    expect(() => parseIdx(idx(0x801, [3], [1, 2]), 'c', 1)).toThrow(/3 bytes of data but the file holds 2/);
    expect(() => parseIdx(idx(0x801, [3], [1, 2, 3, 4]), 'd', 1)).toThrow(IdxFormatError);
    expect(() => parseIdx(idx(0x803, [1], []), 'e', 3)).toThrow(/header is truncated/);
    // Signed-byte IDX (type 0x09) is not what MNIST uses.
    expect(() => parseIdx(idx(0x901, [1], [1]), 'f', 1)).toThrow(IdxFormatError);
  });
});

describe('seeded randomness', () => {
  it('gives permutations that depend on the seed only', () => {
    const a = permutation(1000, createRng(1));
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(permutation(1000, createRng(1))).toEqual(a);
    expect(permutation(1000, createRng(2))).not.toEqual(a);
  });

  it('is roughly uniform and mixes every part of a seed', () => {
    const rng = createRng(123);
    const counts = new Array(10).fill(0);
    for (let i = 0; i < 100_000; i++) counts[rng.int(10)]++;
    for (const count of counts) expect(Math.abs(count - 10_000)).toBeLessThan(500);
    expect(deriveSeed(1, 2)).not.toBe(deriveSeed(2, 1));
    expect(deriveSeed(2 ** 32)).not.toBe(deriveSeed(0));
  });
});
