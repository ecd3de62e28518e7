import { gunzipSync } from 'fflate';
import { IdxFormatError } from '../errors';

const UNSIGNED_BYTE = 0x08;

export interface IdxTensor {
  dims: number[];
  data: Uint8Array;
}

/**
 * Parses an IDX file (gzip-compressed or raw) holding unsigned bytes. Pure: works on bytes, so it also
 * runs in a browser. `path` only labels errors.
 */
export function parseIdx(bytes: Uint8Array, path: string, expectedRank: number): IdxTensor {
  let raw = bytes;
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      raw = gunzipSync(bytes);
    } catch (cause) {
      throw new IdxFormatError(path, `gzip stream is damaged or truncated (${(cause as Error).message})`, {
        cause,
      });
    }
  }
  if (raw.length < 4) throw new IdxFormatError(path, `only ${raw.length} bytes, too short for a header`);
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const magic = view.getUint32(0, false);
  const expectedMagic = (UNSIGNED_BYTE << 8) | expectedRank;
  if (magic !== expectedMagic) {
    throw new IdxFormatError(
      path,
      `magic number 0x${magic.toString(16).padStart(8, '0')}, expected 0x${expectedMagic.toString(16).padStart(8, '0')} ` +
        `(unsigned bytes, ${expectedRank} dimension(s))`,
    );
  }
  const headerBytes = 4 + 4 * expectedRank;
  if (raw.length < headerBytes) throw new IdxFormatError(path, 'header is truncated');
  const dims: number[] = [];
  let total = 1;
  for (let i = 0; i < expectedRank; i++) {
    const size = view.getUint32(4 + 4 * i, false);
    dims.push(size);
    total *= size;
  }
  const available = raw.length - headerBytes;
  if (available !== total) {
    throw new IdxFormatError(
      path,
      `header declares ${dims.join(' x ')} = ${total} bytes of data but the file holds ${available}`,
    );
  }
  return { dims, data: raw.subarray(headerBytes) };
}
