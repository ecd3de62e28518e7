import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { AudioFileError, SilentAudioError, SpectrogramEncoder, WavFormatError } from '../index';
import { encodeWav } from '../wav/encode';
import { encodePng, readAudioFile, writeSpectrogramPng } from './index';

const example = fileURLToPath(new URL('../__fixtures__/fsdd/7_jackson_32.wav', import.meta.url));

describe('@ifa/audio-features/node', () => {
  it('reads a shipped FSDD WAV and writes its spectrogram as a grey PNG', async () => {
    const audio = await readAudioFile(example);
    expect(audio.sampleRate).toBe(8000);
    const image = new SpectrogramEncoder().encodeAudio(audio);
    const out = join(mkdtempSync(join(tmpdir(), 'ifa-af-')), 'seven.png');
    await writeSpectrogramPng(image, out);
    const png = PNG.sync.read(readFileSync(out));
    expect(png.width).toBe(28);
    expect(png.height).toBe(28);
    for (const i of [0, 100, 783]) {
      expect(png.data[4 * i]).toBe(Math.round(image.data[i]! * 255));
    }
  });

  it('encodePng writes grey, RGB and RGBA images from float [0, 1] or 8-bit data', () => {
    const grey = PNG.sync.read(
      Buffer.from(encodePng({ width: 2, height: 1, data: new Float32Array([0.5, Number.NaN]) })),
    );
    expect([...grey.data]).toEqual([128, 128, 128, 255, 0, 0, 0, 255]);
    const rgb = PNG.sync.read(
      Buffer.from(
        encodePng({ width: 1, height: 2, channels: 3, data: new Float32Array([1, 0, 0.2, 2, -1, 0]) }),
      ),
    );
    expect([...rgb.data]).toEqual([255, 0, 51, 255, 255, 0, 0, 255]);
    const rgba = PNG.sync.read(
      Buffer.from(
        encodePng({ width: 1, height: 1, channels: 4, data: new Uint8ClampedArray([10, 20, 30, 40]) }),
      ),
    );
    expect([...rgba.data]).toEqual([10, 20, 30, 40]);
    expect(() => encodePng({ width: 2, height: 2, channels: 3, data: new Float32Array(4) })).toThrow(
      /12 values for 2 x 2 pixels of 3 channel/,
    );
    expect(() => encodePng({ width: 1, height: 1, channels: 2 as never, data: new Float32Array(2) })).toThrow(
      /image.channels/,
    );
  });

  it('names the file in WavFormatError', async () => {
    const bad = join(mkdtempSync(join(tmpdir(), 'ifa-af-')), 'bad.wav');
    writeFileSync(bad, 'not a wav file at all');
    await expect(readAudioFile(bad)).rejects.toThrow(WavFormatError);
    await expect(readAudioFile(bad)).rejects.toThrow(bad);
  });

  it('a missing file or a folder throws AudioFileError naming the path, not a raw ENOENT / EISDIR', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ifa-af-'));
    const missing = join(dir, 'nope.wav');
    const notFound = await readAudioFile(missing).catch((e: unknown) => e);
    expect(notFound).toBeInstanceOf(AudioFileError);
    expect(notFound).toMatchObject({ code: 'IFA_AUDIO_FILE', path: missing, problem: 'not-found' });
    expect((notFound as Error).message).toBe(
      `${missing}: no such file; check the path (a relative path is resolved from the current directory).`,
    );
    expect((notFound as { cause?: { code?: string } }).cause?.code).toBe('ENOENT');
    const folder = await readAudioFile(dir).catch((e: unknown) => e);
    expect(folder).toBeInstanceOf(AudioFileError);
    expect(folder).toMatchObject({ problem: 'is-directory' });
    expect((folder as Error).message).toBe(
      `${dir}: is a folder, not an audio file; pass one .wav file inside it.`,
    );
  });

  it('names the file in encoder errors (a WAV of zeros is silent)', async () => {
    const silent = join(mkdtempSync(join(tmpdir(), 'ifa-af-')), 'silent.wav');
    writeFileSync(silent, encodeWav({ sampleRate: 8000, channelData: [new Float32Array(800)] }));
    const audio = await readAudioFile(silent);
    expect(audio.source).toBe(silent);
    expect(() => new SpectrogramEncoder().encodeAudio(audio)).toThrow(SilentAudioError);
    expect(() => new SpectrogramEncoder().encodeAudio(audio)).toThrow(`${silent}: the audio is silent`);
  });
});
