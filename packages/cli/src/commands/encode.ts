import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { SpectrogramEncoder } from '@ifa/audio-features';
import { readAudioFile, writeSpectrogramPng } from '@ifa/audio-features/node';
import type { CliIo } from '../io';
import { existingFile, outputFile, writingTo } from './files';

export interface EncodeCommandOptions {
  audio: string;
  out: string;
  nMels?: number;
  nFrames?: number;
}

export async function encodeCommand(io: CliIo, options: EncodeCommandOptions): Promise<void> {
  const audioPath = await existingFile(io, '--audio', options.audio);
  const out = await outputFile(io, '--out', options.out);
  const audio = await readAudioFile(audioPath);
  const encoder = new SpectrogramEncoder({
    ...(options.nMels !== undefined && { nMels: options.nMels }),
    ...(options.nFrames !== undefined && { nFrames: options.nFrames }),
  });
  const image = encoder.encodeAudio(audio);
  await writingTo('--out', options.out, async () => {
    await mkdir(dirname(out), { recursive: true });
    await writeSpectrogramPng(image, out);
  });
  io.stdout(`wrote ${out} (${image.width} x ${image.height} spectrogram)\n`);
}
