import { WavFormatError } from '../errors/wav-format-error';

/** Decoded PCM audio: one Float32Array per channel, all the same length, values nominally in [-1, 1). */
export interface DecodedAudio {
  sampleRate: number;
  channelData: Float32Array[];
  /** Where the audio came from (set by `readAudioFile` to the path); encoder errors name it. */
  source?: string;
}

const WAVE_FORMAT_PCM = 0x0001;
const WAVE_FORMAT_IEEE_FLOAT = 0x0003;
const WAVE_FORMAT_EXTENSIBLE = 0xfffe;
/** Bytes 2..15 of every standard KSDATAFORMAT_SUBTYPE_* GUID (the first two bytes hold the format tag). */
const EXTENSIBLE_GUID_TAIL = [
  0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71,
];
/** Beyond these a header is treated as absurd rather than trusted (see README "Limits"). */
const MAX_CHANNELS = 1024;
const MAX_SAMPLE_RATE = 10_000_000;

interface FormatChunk {
  encoding: 'pcm' | 'float';
  channels: number;
  sampleRate: number;
  bytesPerSample: number;
  blockAlign: number;
}

function toBytes(input: Uint8Array | ArrayBuffer): Uint8Array {
  if (input instanceof Uint8Array) return input;
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  if (ArrayBuffer.isView(input)) {
    const view = input as ArrayBufferView;
    return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
  }
  throw new WavFormatError(
    `decodeWav expects a Uint8Array or an ArrayBuffer, got ${input === null ? 'null' : typeof input}.`,
  );
}

function fourCC(bytes: Uint8Array, offset: number): string {
  return String.fromCharCode(bytes[offset]!, bytes[offset + 1]!, bytes[offset + 2]!, bytes[offset + 3]!);
}

function printable(id: string): string {
  return JSON.stringify(id);
}

function parseFormat(view: DataView, offset: number, size: number): FormatChunk {
  if (size < 16) {
    throw new WavFormatError(`"fmt " chunk is ${size} bytes; it needs at least 16.`);
  }
  let formatTag = view.getUint16(offset, true);
  const channels = view.getUint16(offset + 2, true);
  const sampleRate = view.getUint32(offset + 4, true);
  const blockAlign = view.getUint16(offset + 12, true);
  const bitsPerSample = view.getUint16(offset + 14, true);

  if (formatTag === WAVE_FORMAT_EXTENSIBLE) {
    if (size < 40) {
      throw new WavFormatError(
        `WAVE_FORMAT_EXTENSIBLE "fmt " chunk is ${size} bytes; it needs 40 (with the 22-byte extension).`,
      );
    }
    const validBits = view.getUint16(offset + 18, true);
    if (validBits > bitsPerSample) {
      throw new WavFormatError(
        `WAVE_FORMAT_EXTENSIBLE declares ${validBits} valid bits in a ${bitsPerSample}-bit container.`,
      );
    }
    const guidOffset = offset + 24;
    for (let i = 0; i < EXTENSIBLE_GUID_TAIL.length; i++) {
      if (view.getUint8(guidOffset + 2 + i) !== EXTENSIBLE_GUID_TAIL[i]) {
        throw new WavFormatError(
          'WAVE_FORMAT_EXTENSIBLE sub-format GUID is not a standard KSDATAFORMAT_SUBTYPE; only PCM and IEEE float are supported.',
        );
      }
    }
    formatTag = view.getUint16(guidOffset, true);
  }

  let encoding: FormatChunk['encoding'];
  if (formatTag === WAVE_FORMAT_PCM) {
    if (bitsPerSample !== 8 && bitsPerSample !== 16 && bitsPerSample !== 24 && bitsPerSample !== 32) {
      throw new WavFormatError(
        `PCM with ${bitsPerSample} bits per sample is not supported; use 8, 16, 24 or 32.`,
      );
    }
    encoding = 'pcm';
  } else if (formatTag === WAVE_FORMAT_IEEE_FLOAT) {
    if (bitsPerSample !== 32 && bitsPerSample !== 64) {
      throw new WavFormatError(
        `IEEE float with ${bitsPerSample} bits per sample is not supported; use 32 or 64.`,
      );
    }
    encoding = 'float';
  } else {
    throw new WavFormatError(
      `unsupported codec: format tag 0x${formatTag.toString(16).padStart(4, '0')}; only PCM (0x0001), IEEE float (0x0003) and WAVE_FORMAT_EXTENSIBLE of those are decoded. Convert the file to PCM first.`,
    );
  }
  if (channels === 0) throw new WavFormatError('header declares zero channels.');
  if (channels > MAX_CHANNELS) {
    throw new WavFormatError(
      `header declares ${channels} channels; more than ${MAX_CHANNELS} is treated as absurd.`,
    );
  }
  if (sampleRate === 0 || sampleRate > MAX_SAMPLE_RATE) {
    throw new WavFormatError(`header declares an absurd sample rate of ${sampleRate} Hz.`);
  }
  const bytesPerSample = bitsPerSample / 8;
  if (blockAlign !== channels * bytesPerSample) {
    throw new WavFormatError(
      `block align is ${blockAlign} bytes but ${channels} channel(s) of ${bitsPerSample}-bit samples need ${channels * bytesPerSample}.`,
    );
  }
  return { encoding, channels, sampleRate, bytesPerSample, blockAlign };
}

function decodeSamples(view: DataView, offset: number, frames: number, format: FormatChunk): Float32Array[] {
  const { channels, bytesPerSample, blockAlign, encoding } = format;
  // frames * blockAlign <= the data chunk size, so this never allocates more than the file implies.
  const channelData: Float32Array[] = [];
  for (let c = 0; c < channels; c++) channelData.push(new Float32Array(frames));
  for (let c = 0; c < channels; c++) {
    const out = channelData[c]!;
    let p = offset + c * bytesPerSample;
    if (encoding === 'float') {
      if (bytesPerSample === 4) {
        for (let i = 0; i < frames; i++, p += blockAlign) out[i] = view.getFloat32(p, true);
      } else {
        for (let i = 0; i < frames; i++, p += blockAlign) out[i] = view.getFloat64(p, true);
      }
    } else if (bytesPerSample === 1) {
      // 8-bit WAV is unsigned with 128 as zero.
      for (let i = 0; i < frames; i++, p += blockAlign) out[i] = (view.getUint8(p) - 128) / 128;
    } else if (bytesPerSample === 2) {
      for (let i = 0; i < frames; i++, p += blockAlign) out[i] = view.getInt16(p, true) / 32768;
    } else if (bytesPerSample === 3) {
      for (let i = 0; i < frames; i++, p += blockAlign) {
        const value = view.getUint8(p) | (view.getUint8(p + 1) << 8) | (view.getInt8(p + 2) << 16);
        out[i] = value / 8388608;
      }
    } else {
      for (let i = 0; i < frames; i++, p += blockAlign) out[i] = view.getInt32(p, true) / 2147483648;
    }
  }
  return channelData;
}

/**
 * Decodes a RIFF/WAVE file: PCM 8/16/24/32-bit, IEEE float 32/64 and WAVE_FORMAT_EXTENSIBLE of those, any
 * channel count up to 1024. Unknown chunks are skipped (honouring the pad byte after odd-sized chunks);
 * integers are scaled to [-1, 1); float samples are returned as stored, NaN included. A trailing partial
 * frame is dropped. Anything malformed throws {@link WavFormatError}.
 */
export function decodeWav(bytes: Uint8Array | ArrayBuffer): DecodedAudio {
  const data = toBytes(bytes);
  const length = data.byteLength;
  if (length < 12) {
    throw new WavFormatError(`file is ${length} bytes; a WAV file needs at least a 12-byte RIFF header.`);
  }
  const riff = fourCC(data, 0);
  if (riff !== 'RIFF') {
    const hint = riff === 'RIFX' || riff === 'RF64' ? ` (${riff} is not supported)` : '';
    throw new WavFormatError(`wrong magic ${printable(riff)}: expected "RIFF"${hint}. Is this a WAV file?`);
  }
  const wave = fourCC(data, 8);
  if (wave !== 'WAVE') {
    throw new WavFormatError(`RIFF form type is ${printable(wave)}, expected "WAVE".`);
  }
  const view = new DataView(data.buffer, data.byteOffset, length);

  let format: FormatChunk | undefined;
  let dataOffset = -1;
  let dataSize = 0;
  // The RIFF size field is often wrong in files written by streaming recorders, so chunks are walked up to
  // the real end of the bytes; each chunk's own size is still checked against what is there.
  let offset = 12;
  while (offset < length) {
    if (length - offset < 8) {
      if (format && dataOffset >= 0) break; // trailing junk after a complete file
      throw new WavFormatError(
        `truncated: chunk header at byte ${offset} needs 8 bytes, ${length - offset} left.`,
      );
    }
    const id = fourCC(data, offset);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    const available = length - body;
    if (id === 'data') {
      if (size > available) {
        throw new WavFormatError(
          `"data" chunk declares ${size} bytes but only ${available} remain in the file (truncated or lying header).`,
        );
      }
      if (dataOffset < 0) {
        dataOffset = body;
        dataSize = size;
      }
    } else if (size > available) {
      if (format && dataOffset >= 0) break; // a damaged chunk after the audio does not spoil the audio
      throw new WavFormatError(
        `chunk ${printable(id)} at byte ${offset} declares ${size} bytes but only ${available} remain (truncated or lying header).`,
      );
    } else if (id === 'fmt ' && !format) {
      format = parseFormat(view, body, size);
    }
    offset = body + size + (size & 1);
  }
  if (!format) throw new WavFormatError('no "fmt " chunk found.');
  if (dataOffset < 0) throw new WavFormatError('no "data" chunk found.');
  const frames = Math.floor(dataSize / format.blockAlign);
  return { sampleRate: format.sampleRate, channelData: decodeSamples(view, dataOffset, frames, format) };
}
