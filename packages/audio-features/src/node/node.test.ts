import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { SpectrogramEncoder, WavFormatError } from '../index';
import { readAudioFile, writeSpectrogramPng } from './index';

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

  it('names the file in WavFormatError', async () => {
    const bad = join(mkdtempSync(join(tmpdir(), 'ifa-af-')), 'bad.wav');
    writeFileSync(bad, 'not a wav file at all');
    await expect(readAudioFile(bad)).rejects.toThrow(WavFormatError);
    await expect(readAudioFile(bad)).rejects.toThrow(bad);
  });
});
