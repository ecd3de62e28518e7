import type { IfaModel } from '@ifa/models';
import type { PairedDataset } from '@ifa/paired-dataset';
import * as tf from '@tensorflow/tfjs-core';
import { type GridImage, renderSampleGrid } from '../charts';

/** A fixed set of test pairs (the first test recording of each digit), drawn at every epoch. */
export interface SampleSet {
  labels: number[];
  audio: Float32Array;
  audioShape: [number, number, number, number];
  images: GridImage[];
  spectrograms: GridImage[];
}

export function pickSampleSet(test: PairedDataset): SampleSet | null {
  if (test.size === 0) return null;
  const batch = test.batches({ batchSize: test.size, shuffle: false, epoch: 0 }).next().value;
  if (!batch) return null;
  const [, ah, aw] = batch.audioShape;
  const [, ih, iw, ic] = batch.imageShape;
  const chosen: number[] = [];
  for (let digit = 0; digit <= 9; digit++) {
    const index = batch.labels.indexOf(digit);
    if (index >= 0) chosen.push(index);
  }
  const audio = new Float32Array(chosen.length * ah * aw);
  chosen.forEach((index, i) => {
    audio.set(batch.audio.subarray(index * ah * aw, (index + 1) * ah * aw), i * ah * aw);
  });
  return {
    labels: chosen.map((index) => batch.labels[index]!),
    audio,
    audioShape: [chosen.length, ah, aw, 1],
    spectrograms: chosen.map((index) => ({
      pixels: batch.audio.slice(index * ah * aw, (index + 1) * ah * aw),
      height: ah,
      width: aw,
    })),
    images: chosen.map((index) => ({
      pixels: batch.image.slice(index * ih * iw * ic, (index + 1) * ih * iw * ic),
      height: ih,
      width: iw,
    })),
  };
}

/** Generates for the sample set and draws spectrogram / real / generated rows, one column per digit. */
export async function renderSamples(
  model: IfaModel,
  samples: SampleSet,
  seed: number,
  title: string,
): Promise<Uint8Array> {
  const audio = tf.tensor4d(samples.audio, samples.audioShape);
  const generated = model.generate(audio, { seed });
  audio.dispose();
  const [, h, w] = generated.shape;
  const pixels = await generated.data<'float32'>();
  generated.dispose();
  const size = h * w;
  return renderSampleGrid({
    title,
    rowTitles: ['spectrogram', 'real', 'generated'],
    columnLabels: samples.labels.map(String),
    cells: [
      samples.spectrograms,
      samples.images,
      samples.labels.map((_, i) => ({ pixels: pixels.slice(i * size, (i + 1) * size), height: h, width: w })),
    ],
  });
}
