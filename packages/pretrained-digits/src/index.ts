/**
 * @ifa/pretrained-digits: a trained CGAN (`small` preset) that draws the spoken digit of a recording,
 * with the preprocessing it was trained with. Zero dependencies: pass `pretrainedDigits` to
 * @ifa/painter's `loadPainter` (or @ifa/models' `loadModel`). See the README for the model card.
 */
import { describePretrained, type PretrainedModel } from './descriptor';
import { MODEL_FILES } from './model-files';

export type { PretrainedModel } from './descriptor';

/**
 * The digit painter's weights and preprocessing: in Node, files inside this package (offline); in a
 * browser bundle, asset URLs. `await loadPainter(pretrainedDigits)`.
 */
export const pretrainedDigits: PretrainedModel = describePretrained({
  name: 'digits',
  kind: 'cgan',
  description:
    'CGAN (ResUNet, small preset) trained on the Free Spoken Digit Dataset paired with MNIST: a recording of a spoken digit in, a 28 x 28 handwritten-style digit out.',
  license: 'CC-BY-SA-4.0',
  files: MODEL_FILES,
});

/** Every pretrained model of this package, by name. */
export const PRETRAINED_MODELS: Readonly<Record<string, PretrainedModel>> = Object.freeze({
  digits: pretrainedDigits,
});
