/** Builds WAV files byte by byte for tests, including malformed ones. Not exported from the package. */
export interface ChunkSpec {
  id: string;
  body: Uint8Array;
  /** Size to write in the header instead of body.length (to lie). */
  declaredSize?: number;
  /** Write the pad byte after an odd-sized body. Default true. */
  pad?: boolean;
}

export function chunk(id: string, body: Uint8Array, extra: Partial<ChunkSpec> = {}): ChunkSpec {
  return { id, body, ...extra };
}

export function fmtBody(options: {
  formatTag?: number;
  channels?: number;
  sampleRate?: number;
  bits?: number;
  blockAlign?: number;
  extensible?: { subFormat: number; validBits?: number; guidTail?: number[] };
  /** Truncate the fmt body to this many bytes. */
  size?: number;
}): Uint8Array {
  const channels = options.channels ?? 1;
  const bits = options.bits ?? 16;
  const sampleRate = options.sampleRate ?? 8000;
  const blockAlign = options.blockAlign ?? channels * Math.ceil(bits / 8);
  const ext = options.extensible;
  const body = new Uint8Array(ext ? 40 : 16);
  const view = new DataView(body.buffer);
  view.setUint16(0, ext ? 0xfffe : (options.formatTag ?? 1), true);
  view.setUint16(2, channels, true);
  view.setUint32(4, sampleRate, true);
  view.setUint32(8, (sampleRate * blockAlign) >>> 0, true);
  view.setUint16(12, blockAlign, true);
  view.setUint16(14, bits, true);
  if (ext) {
    view.setUint16(16, 22, true);
    view.setUint16(18, ext.validBits ?? bits, true);
    view.setUint32(20, 0x3f, true);
    view.setUint16(24, ext.subFormat, true);
    const tail = ext.guidTail ?? [
      0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71,
    ];
    body.set(tail, 26);
  }
  return options.size === undefined ? body : body.subarray(0, options.size);
}

export function wavFile(
  chunks: ChunkSpec[],
  options: { magic?: string; form?: string; riffSize?: number } = {},
) {
  const parts: number[] = [];
  const push4 = (s: string) => {
    for (let i = 0; i < 4; i++) parts.push(s.charCodeAt(i) & 0xff);
  };
  const push32 = (n: number) => parts.push(n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff);
  push4(options.magic ?? 'RIFF');
  push32(0);
  push4(options.form ?? 'WAVE');
  for (const c of chunks) {
    push4(c.id);
    push32(c.declaredSize ?? c.body.length);
    for (const b of c.body) parts.push(b);
    if (c.body.length % 2 === 1 && (c.pad ?? true)) parts.push(0);
  }
  const bytes = Uint8Array.from(parts);
  new DataView(bytes.buffer).setUint32(4, options.riffSize ?? bytes.length - 8, true);
  return bytes;
}

/** Little-endian bytes of integer samples of `bytesPerSample` bytes each (two's complement). */
export function intSamples(values: number[], bytesPerSample: number): Uint8Array {
  const out = new Uint8Array(values.length * bytesPerSample);
  values.forEach((v, i) => {
    for (let b = 0; b < bytesPerSample; b++) out[i * bytesPerSample + b] = (v >> (8 * b)) & 0xff;
  });
  return out;
}

export function floatSamples(values: number[], bits: 32 | 64): Uint8Array {
  const out = new Uint8Array(values.length * (bits / 8));
  const view = new DataView(out.buffer);
  values.forEach((v, i) => {
    if (bits === 32) view.setFloat32(i * 4, v, true);
    else view.setFloat64(i * 8, v, true);
  });
  return out;
}

export const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
