import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type DecodedAudio, decodeWav, WavFormatError } from '../index';
import { ascii, chunk, floatSamples, fmtBody, intSamples, wavFile } from './wav-builder';

type Expectation = { error: RegExp } | { check: (audio: DecodedAudio) => void };

const pcm16 = (values: number[]) => intSamples(values, 2);
const fmt16 = (channels = 1) => chunk('fmt ', fmtBody({ channels }));
const stereo = wavFile([
  chunk('LIST', ascii('INFOISFT')),
  fmt16(2),
  chunk('data', pcm16([1, -1, 16384, -16384, 32767, -32768])),
]);

const samples = (audio: DecodedAudio, channel = 0) => Array.from(audio.channelData[channel]!);

const corpus: [string, Uint8Array, Expectation][] = [
  ['empty file', new Uint8Array(0), { error: /needs at least a 12-byte RIFF header/ }],
  [
    'RIFX (big-endian) magic',
    wavFile([fmt16(), chunk('data', pcm16([1]))], { magic: 'RIFX' }),
    { error: /RIFX is not supported/ },
  ],
  ['RF64 magic', wavFile([fmt16(), chunk('data', pcm16([1]))], { magic: 'RF64' }), { error: /RF64/ }],
  [
    'AVI form type',
    wavFile([fmt16(), chunk('data', pcm16([1]))], { form: 'AVI ' }),
    { error: /expected "WAVE"/ },
  ],
  ['no chunks at all', wavFile([]), { error: /no "fmt " chunk/ }],
  ['no data chunk', wavFile([fmt16()]), { error: /no "data" chunk/ }],
  ['no fmt chunk', wavFile([chunk('data', pcm16([1, 2]))]), { error: /no "fmt " chunk/ }],
  [
    'zero channels',
    wavFile([chunk('fmt ', fmtBody({ channels: 0, blockAlign: 0 })), chunk('data', pcm16([1]))]),
    { error: /zero channels/ },
  ],
  [
    '65535 channels',
    wavFile([
      chunk('fmt ', fmtBody({ channels: 65535, blockAlign: 65535 })),
      chunk('data', new Uint8Array(0)),
    ]),
    { error: /absurd/ },
  ],
  [
    'sample rate 0',
    wavFile([chunk('fmt ', fmtBody({ sampleRate: 0 })), chunk('data', pcm16([1]))]),
    { error: /absurd sample rate of 0/ },
  ],
  [
    'sample rate 4e9',
    wavFile([chunk('fmt ', fmtBody({ sampleRate: 4e9 })), chunk('data', pcm16([1]))]),
    { error: /absurd sample rate/ },
  ],
  [
    '12-bit PCM',
    wavFile([chunk('fmt ', fmtBody({ bits: 12 })), chunk('data', pcm16([1]))]),
    { error: /12 bits per sample is not supported/ },
  ],
  [
    '0-bit PCM',
    wavFile([chunk('fmt ', fmtBody({ bits: 0, blockAlign: 0 })), chunk('data', pcm16([1]))]),
    { error: /0 bits/ },
  ],
  [
    '16-bit float',
    wavFile([chunk('fmt ', fmtBody({ formatTag: 3, bits: 16 })), chunk('data', pcm16([1]))]),
    { error: /IEEE float with 16 bits/ },
  ],
  [
    'block align lies',
    wavFile([chunk('fmt ', fmtBody({ channels: 2, blockAlign: 3 })), chunk('data', pcm16([1, 2]))]),
    { error: /block align is 3 bytes/ },
  ],
  [
    'IMA ADPCM codec',
    wavFile([
      chunk('fmt ', fmtBody({ formatTag: 0x11, bits: 4, blockAlign: 256 })),
      chunk('data', new Uint8Array(256)),
    ]),
    { error: /unsupported codec: format tag 0x0011/ },
  ],
  [
    'mu-law codec',
    wavFile([chunk('fmt ', fmtBody({ formatTag: 7, bits: 8 })), chunk('data', new Uint8Array(4))]),
    { error: /0x0007/ },
  ],
  [
    'fmt chunk of 14 bytes',
    wavFile([chunk('fmt ', fmtBody({ size: 14 })), chunk('data', pcm16([1]))]),
    { error: /needs at least 16/ },
  ],
  [
    'extensible fmt without extension',
    wavFile([chunk('fmt ', fmtBody({ extensible: { subFormat: 1 }, size: 18 })), chunk('data', pcm16([1]))]),
    { error: /needs 40/ },
  ],
  [
    'extensible with a non-standard GUID',
    wavFile([
      chunk('fmt ', fmtBody({ extensible: { subFormat: 1, guidTail: new Array(14).fill(7) } })),
      chunk('data', pcm16([1])),
    ]),
    { error: /GUID/ },
  ],
  [
    'extensible valid bits above container',
    wavFile([
      chunk('fmt ', fmtBody({ bits: 16, extensible: { subFormat: 1, validBits: 20 } })),
      chunk('data', pcm16([1])),
    ]),
    { error: /20 valid bits in a 16-bit container/ },
  ],
  [
    'data size larger than the file',
    wavFile([fmt16(), chunk('data', pcm16([1, 2]), { declaredSize: 4000 })]),
    { error: /"data" chunk declares 4000 bytes but only 4 remain/ },
  ],
  [
    'data size 0xFFFFFFFF',
    wavFile([fmt16(), chunk('data', pcm16([1, 2]), { declaredSize: 0xffffffff })]),
    { error: /declares 4294967295 bytes/ },
  ],
  [
    'unknown chunk of 0xFFFFFFFF bytes before fmt',
    wavFile([
      chunk('junk', new Uint8Array(4), { declaredSize: 0xffffffff }),
      fmt16(),
      chunk('data', pcm16([1])),
    ]),
    { error: /chunk "junk" at byte 12 declares 4294967295/ },
  ],
  [
    'fmt chunk size larger than the file',
    wavFile([chunk('fmt ', fmtBody({}), { declaredSize: 1000 })]),
    { error: /chunk "fmt " .* declares 1000/ },
  ],
  [
    'chunk header cut after the fmt chunk',
    wavFile([fmt16(), chunk('data', pcm16([1]))]).subarray(0, 40),
    { error: /truncated: chunk header at byte 36/ },
  ],
  // Files that are odd but decodable: the result must be exactly right.
  [
    '0 samples',
    wavFile([fmt16(2), chunk('data', new Uint8Array(0))]),
    { check: (a) => expect(a.channelData.map((c) => c.length)).toEqual([0, 0]) },
  ],
  [
    '1 sample',
    wavFile([fmt16(), chunk('data', pcm16([-32768]))]),
    { check: (a) => expect(samples(a)).toEqual([-1]) },
  ],
  [
    'stereo 16-bit with a LIST chunk',
    stereo,
    {
      check: (a) => {
        expect(samples(a, 0)).toEqual([1 / 32768, 0.5, 32767 / 32768]);
        expect(samples(a, 1)).toEqual([-1 / 32768, -0.5, -1]);
      },
    },
  ],
  [
    '8-bit unsigned',
    wavFile([chunk('fmt ', fmtBody({ bits: 8 })), chunk('data', Uint8Array.from([0, 128, 255]))]),
    { check: (a) => expect(samples(a)).toEqual([-1, 0, 127 / 128]) },
  ],
  [
    '24-bit',
    wavFile([
      chunk('fmt ', fmtBody({ bits: 24 })),
      chunk('data', intSamples([-8388608, 8388607, 1, -1, 0], 3)),
    ]),
    {
      check: (a) =>
        expect(samples(a)).toEqual([-1, 8388607 / 8388608, 1 / 8388608, -1 / 8388608, 0].map(Math.fround)),
    },
  ],
  [
    '32-bit integer',
    wavFile([
      chunk('fmt ', fmtBody({ bits: 32 })),
      chunk('data', intSamples([-2147483648, 1073741824, 0], 4)),
    ]),
    { check: (a) => expect(samples(a)).toEqual([-1, 0.5, 0]) },
  ],
  [
    'float32 with NaN and infinities kept as stored',
    wavFile([
      chunk('fmt ', fmtBody({ formatTag: 3, bits: 32 })),
      chunk('data', floatSamples([Number.NaN, 0.25, Number.POSITIVE_INFINITY, -2], 32)),
    ]),
    { check: (a) => expect(samples(a)).toEqual([Number.NaN, 0.25, Number.POSITIVE_INFINITY, -2]) },
  ],
  [
    'float64',
    wavFile([
      chunk('fmt ', fmtBody({ formatTag: 3, bits: 64 })),
      chunk('data', floatSamples([0.1, -0.75], 64)),
    ]),
    { check: (a) => expect(samples(a)).toEqual([Math.fround(0.1), -0.75]) },
  ],
  [
    '6 channels',
    wavFile([fmt16(6), chunk('data', pcm16([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map((v) => v * 1024)))]),
    {
      check: (a) => {
        expect(a.channelData).toHaveLength(6);
        for (let c = 0; c < 6; c++) expect(samples(a, c)).toEqual([c / 32, (c + 6) / 32]);
      },
    },
  ],
  [
    'WAVE_FORMAT_EXTENSIBLE 24-bit 6 channels',
    wavFile([
      chunk('fmt ', fmtBody({ bits: 24, channels: 6, extensible: { subFormat: 1 } })),
      chunk(
        'data',
        intSamples(
          [0, 1, 2, 3, 4, 5].map((v) => v * 1048576),
          3,
        ),
      ),
    ]),
    { check: (a) => expect(a.channelData.map((c) => c[0])).toEqual([0, 0.125, 0.25, 0.375, 0.5, 0.625]) },
  ],
  [
    'WAVE_FORMAT_EXTENSIBLE float32',
    wavFile([
      chunk('fmt ', fmtBody({ bits: 32, extensible: { subFormat: 3 } })),
      chunk('data', floatSamples([0.5, -0.5], 32)),
    ]),
    { check: (a) => expect(samples(a)).toEqual([0.5, -0.5]) },
  ],
  [
    'WAVE_FORMAT_EXTENSIBLE 20 valid bits in 24',
    wavFile([
      chunk('fmt ', fmtBody({ bits: 24, extensible: { subFormat: 1, validBits: 20 } })),
      chunk('data', intSamples([4194304], 3)),
    ]),
    { check: (a) => expect(samples(a)).toEqual([0.5]) },
  ],
  [
    'odd-sized unknown chunk with its pad byte',
    wavFile([chunk('odd ', ascii('abc')), fmt16(), chunk('data', pcm16([8192]))]),
    { check: (a) => expect(samples(a)).toEqual([0.25]) },
  ],
  [
    'odd-sized 8-bit data followed by a chunk',
    wavFile([
      chunk('fmt ', fmtBody({ bits: 8 })),
      chunk('data', Uint8Array.from([192, 64, 128])),
      chunk('LIST', ascii('INFO')),
    ]),
    { check: (a) => expect(samples(a)).toEqual([0.5, -0.5, 0]) },
  ],
  [
    'fmt after data',
    wavFile([chunk('data', pcm16([16384])), fmt16()]),
    { check: (a) => expect(samples(a)).toEqual([0.5]) },
  ],
  [
    'partial trailing frame dropped',
    wavFile([fmt16(2), chunk('data', pcm16([1, 2, 3]))]),
    { check: (a) => expect(a.channelData.map((c) => c.length)).toEqual([1, 1]) },
  ],
  [
    'RIFF size too large',
    wavFile([fmt16(), chunk('data', pcm16([16384]))], { riffSize: 1e9 }),
    { check: (a) => expect(samples(a)).toEqual([0.5]) },
  ],
  [
    'RIFF size zero',
    wavFile([fmt16(), chunk('data', pcm16([16384]))], { riffSize: 0 }),
    { check: (a) => expect(samples(a)).toEqual([0.5]) },
  ],
  [
    'trailing junk shorter than a chunk header',
    Uint8Array.from([...wavFile([fmt16(), chunk('data', pcm16([16384]))]), 1, 2, 3]),
    { check: (a) => expect(samples(a)).toEqual([0.5]) },
  ],
  [
    'damaged chunk after the audio',
    wavFile([fmt16(), chunk('data', pcm16([16384])), chunk('LIST', ascii('INFO'), { declaredSize: 99999 })]),
    { check: (a) => expect(samples(a)).toEqual([0.5]) },
  ],
  [
    'two data chunks: the first wins',
    wavFile([fmt16(), chunk('data', pcm16([16384])), chunk('data', pcm16([1, 2, 3]))]),
    { check: (a) => expect(samples(a)).toEqual([0.5]) },
  ],
];

function expectOnlyWavFormatError(bytes: Uint8Array): DecodedAudio | undefined {
  try {
    const audio = decodeWav(bytes);
    // Never more samples than bytes: allocation is bounded by what the file implies.
    const total = audio.channelData.reduce((sum, c) => sum + c.length, 0);
    expect(total).toBeLessThanOrEqual(bytes.length);
    expect(new Set(audio.channelData.map((c) => c.length)).size).toBeLessThanOrEqual(1);
    return audio;
  } catch (error) {
    if (!(error instanceof WavFormatError)) throw error;
    expect(error.name).toBe('WavFormatError');
    return undefined;
  }
}

describe('malformed and edge-case WAV corpus', () => {
  it('has at least 30 cases', () => expect(corpus.length).toBeGreaterThanOrEqual(30));

  for (const [name, bytes, expectation] of corpus) {
    it(name, () => {
      if ('error' in expectation) {
        expect(() => decodeWav(bytes)).toThrow(WavFormatError);
        expect(() => decodeWav(bytes)).toThrow(expectation.error);
      } else {
        expectation.check(decodeWav(bytes));
        expectation.check(decodeWav(bytes.slice().buffer));
      }
    });
  }

  it('a file truncated at every byte is rejected with WavFormatError until the data is complete', () => {
    const full = wavFile([
      chunk('LIST', ascii('INFOISFTab')),
      chunk('fmt ', fmtBody({ bits: 24, channels: 2, extensible: { subFormat: 1 } })),
      chunk('data', intSamples([1, 2, 3, 4], 3)),
    ]);
    for (let length = 0; length < full.length; length++) {
      expect(() => decodeWav(full.subarray(0, length)), `length ${length}`).toThrow(WavFormatError);
    }
    expect(decodeWav(full).channelData[1]).toEqual(Float32Array.from([2, 4].map((v) => v / 8388608)));
  });

  it('random byte mutations of valid files only ever throw WavFormatError', () => {
    const valid = [
      stereo,
      wavFile([
        chunk('odd ', ascii('abc')),
        chunk('fmt ', fmtBody({ bits: 24, channels: 3, extensible: { subFormat: 1 } })),
        chunk('data', intSamples([1, 2, 3, 4, 5, 6], 3)),
      ]),
      wavFile([
        chunk('fmt ', fmtBody({ formatTag: 3, bits: 64 })),
        chunk('data', floatSamples([0.5, 0.25], 64)),
      ]),
    ];
    const mutation = fc.oneof(
      fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
      fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
      fc.record({
        kind: fc.constant('insert' as const),
        at: fc.nat(),
        bytes: fc.uint8Array({ maxLength: 12 }),
      }),
      fc.record({
        kind: fc.constant('delete' as const),
        at: fc.nat(),
        count: fc.integer({ min: 1, max: 8 }),
      }),
      fc.record({
        kind: fc.constant('set32' as const),
        at: fc.nat(),
        value: fc.integer({ min: 0, max: 0xffffffff }),
      }),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: valid.length - 1 }),
        fc.array(mutation, { minLength: 1, maxLength: 6 }),
        (which, mutations) => {
          let bytes = Array.from(valid[which]!);
          for (const m of mutations) {
            const at = bytes.length === 0 ? 0 : m.at % (bytes.length + 1);
            if (m.kind === 'set' && at < bytes.length) bytes[at] = m.value;
            else if (m.kind === 'truncate') bytes = bytes.slice(0, at);
            else if (m.kind === 'insert') bytes.splice(at, 0, ...m.bytes);
            else if (m.kind === 'delete') bytes.splice(at, m.count);
            else if (m.kind === 'set32')
              for (let b = 0; b < 4 && at + b < bytes.length; b++)
                bytes[at + b] = (m.value >>> (8 * b)) & 0xff;
          }
          expectOnlyWavFormatError(Uint8Array.from(bytes));
        },
      ),
      { numRuns: 3000, seed: 20261125 },
    );
  });

  it('arbitrary bytes (with and without a RIFF/WAVE header) only ever throw WavFormatError', () => {
    const header = ascii('RIFF\0\0\0\0WAVE');
    fc.assert(
      fc.property(fc.boolean(), fc.uint8Array({ maxLength: 200 }), (withHeader, tail) => {
        const bytes = withHeader ? Uint8Array.from([...header, ...tail]) : tail;
        expectOnlyWavFormatError(bytes);
      }),
      { numRuns: 2000, seed: 7 },
    );
  });
});
