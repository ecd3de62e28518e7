// Compiled (never run) by scripts/consumer-check.mjs inside a fresh consumer project, under
// `moduleResolution` node16 and bundler, to prove the published type declarations resolve and fit.
import {
  type DecodedAudio,
  decodeWav,
  melSpectrogram,
  powerToDb,
  type Spectrogram,
  SpectrogramEncoder,
  type SpectrogramImage,
  WavFormatError,
} from '@ifa/audio-features';
import { readAudioFile, writeSpectrogramPng } from '@ifa/audio-features/node';
import { type BackendSelection, selectBackend } from '@ifa/backends';
import { type CliIo, processIo, runCli } from '@ifa/cli';
import { createRng, IfaError, type Rng } from '@ifa/core';
import { atomicWriteJson } from '@ifa/core/node';
import { type EvaluationReport, formatReport, validateReport } from '@ifa/evaluate';
import {
  createCgan,
  createCvae,
  type IfaModel,
  loadModel,
  type ModelPreprocessing,
  saveModel,
} from '@ifa/models';
import { loadPainter, type Painter, type PainterImage, toRgba } from '@ifa/painter';
import { toPng } from '@ifa/painter/node';
import { type AudioRecord, type ImageSet, loadFsdd, loadMnist, splitFsdd } from '@ifa/paired-dataset';
import { type PretrainedModel, pretrainedDigits } from '@ifa/pretrained-digits';
import { type TrainOptions, train } from '@ifa/train';

export async function usage(): Promise<void> {
  const encoder = new SpectrogramEncoder({ nMels: 28, nFrames: 28 });
  const audio: DecodedAudio = decodeWav(new Uint8Array(44));
  const image: SpectrogramImage = encoder.encode(
    audio.channelData[0] ?? new Float32Array(0),
    audio.sampleRate,
  );
  const spectrogram: Spectrogram = melSpectrogram(new Float32Array(2048), { sampleRate: 8000, nFft: 256 });
  const decibels: Float32Array = powerToDb(spectrogram.data, { ref: 'max', topDb: 80 });
  const error: unknown = new Error('x');
  if (error instanceof WavFormatError) console.log(error.message);
  await writeSpectrogramPng(image, 'out.png');
  const fromDisk: DecodedAudio = await readAudioFile('in.wav');

  const mnist: ImageSet = await loadMnist({ dir: 'data/mnist', split: 'test' });
  const records: AudioRecord[] = await loadFsdd({ dir: 'data/fsdd' });
  const split = splitFsdd(records, { heldOutSpeakers: ['theo'] });

  const cgan = createCgan('tiny');
  const cvae = createCvae({ preset: 'small' });
  const model: IfaModel = cgan;
  await saveModel(model, 'model-dir');
  const loaded = await loadModel('model-dir');
  const preprocessing: ModelPreprocessing | null = loaded.preprocessing;
  loaded.dispose();

  const pretrained: PretrainedModel = pretrainedDigits;
  const painter: Painter = await loadPainter(pretrained, { backend: 'wasm' });
  const picture: PainterImage = await painter.fromWav(new Uint8Array(44));
  const pictures: PainterImage[][] = await painter.fromWavs([new Uint8Array(44)], { count: 2, seed: 1 });
  const png: Uint8Array = toPng(picture);
  const rgba: Uint8ClampedArray = toRgba(pictures[0]![0]!);
  painter.dispose();
  cvae.dispose();

  const backend: BackendSelection = await selectBackend({ prefer: 'auto', purpose: 'inference' });
  const options: TrainOptions = { model: 'cgan', preset: 'tiny', epochs: 1, outDir: 'run' };
  await train(options);

  const rng: Rng = createRng(0);
  if (IfaError.isInstance(error)) console.log(error.code);
  await atomicWriteJson('out.json', { value: rng.next() });
  const report: EvaluationReport = validateReport(JSON.parse('{}'));
  const io: CliIo = processIo();
  const exitCode: number = await runCli(['--help'], io);
  console.log(
    decibels.length,
    fromDisk.sampleRate,
    mnist.count,
    split,
    backend,
    preprocessing?.encoder.nMels,
    png.length + rgba.length,
    formatReport(report),
    exitCode,
  );
}

// If the declarations failed to resolve, these would be `any` and the expected errors would vanish,
// which tsc reports as an unused @ts-expect-error.
// @ts-expect-error nMels must be a number
new SpectrogramEncoder({ nMels: 'twenty-eight' });
// @ts-expect-error there is no 'enormous' preset
createCgan('enormous');
// @ts-expect-error there is no 'training' purpose
selectBackend({ purpose: 'training' });
// @ts-expect-error with count, one recording gives an array of pictures
export const one: Promise<PainterImage> = (null as unknown as Painter).fromWav(new Uint8Array(0), {
  count: 2,
});
