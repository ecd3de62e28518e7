import { resolve } from 'node:path';
import { SpectrogramEncoder } from '@ifa/audio-features';
import { readAudioFile, writeSpectrogramPng } from '@ifa/audio-features/node';
import type { CliIo } from '../io';
import { existingFile } from './files';

export interface EncodeCommandOptions {
  audio: string;
  out: string;
  nMels?: number;
  nFrames?: number;
}

export async function encodeCommand(io: CliIo, options: EncodeCommandOptions): Promise<void> {
  const audioPath = await existingFile(io, '--audio', options.audio);
  const audio = await readAudioFile(audioPath);
  const encoder = new SpectrogramEncoder({
    ...(options.nMels !== undefined && { nMels: options.nMels }),
    ...(options.nFrames !== undefined && { nFrames: options.nFrames }),
  });
  const image = encoder.encodeAudio(audio);
  const out = resolve(io.cwd, options.out);
  await writeSpectrogramPng(image, out);
  io.stdout(`wrote ${out} (${image.width} x ${image.height} spectrogram)\n`);
}
