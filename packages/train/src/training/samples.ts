import type { IfaModel } from '@ifa/models';
import type { PairedDataset } from '@ifa/paired-dataset';
import * as tf from '@tensorflow/tfjs-core';
import { type GridImage, renderSampleGrid } from '../charts';

/** A fixed set of test pairs (the first test recording of each class), drawn at every epoch. */
export interface SampleSet {
  labels: number[];
  /** Column titles: the class names of a pairs folder, else the digits. */
  names: string[];
  audio: Float32Array;
  audioShape: [number, number, number, number];
  images: GridImage[];
  spectrograms: GridImage[];
}

/**
 * `classes`: class names of a pairs folder (labels index it), or null for digits. At most 12 columns, so
 * the grid stays readable.
 */
export function pickSampleSet(
  test: PairedDataset,
  classes: readonly string[] | null = null,
): SampleSet | null {
  if (test.size === 0) return null;
  const batch = test.batches({ batchSize: test.size, shuffle: false, epoch: 0 }).next().value;
  if (!batch) return null;
  const [, ah, aw] = batch.audioShape;
  const [, ih, iw, ic] = batch.imageShape;
  const chosen: number[] = [];
  const labelCount = classes === null ? 10 : classes.length;
  for (let label = 0; label < labelCount && chosen.length < 12; label++) {
    const index = batch.labels.indexOf(label);
    if (index >= 0) chosen.push(index);
  }
  const audio = new Float32Array(chosen.length * ah * aw);
  chosen.forEach((index, i) => {
    audio.set(batch.audio.subarray(index * ah * aw, (index + 1) * ah * aw), i * ah * aw);
  });
  return {
    labels: chosen.map((index) => batch.labels[index]!),
    names: chosen.map((index) => classes?.[batch.labels[index]!] ?? String(batch.labels[index])),
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
  const [, h, w, c] = generated.shape;
  const pixels = await generated.data<'float32'>();
  generated.dispose();
  const size = h * w * c;
  return renderSampleGrid({
    title,
    rowTitles: ['spectrogram', 'real', 'generated'],
    columnLabels: samples.names,
    cells: [
      samples.spectrograms,
      samples.images,
      samples.labels.map((_, i) => ({
        pixels: pixels.slice(i * size, (i + 1) * size),
        height: h,
        width: w,
        channels: c as 1 | 3,
      })),
    ],
  });
}
