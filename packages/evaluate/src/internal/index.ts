/**
 * `@ifa/evaluate/internal`: building blocks for the comparison script (`scripts/compare.mjs`), the root
 * `scripts/` probes and tests.
 * Not covered by semver: names here may change in any release.
 */
export {
  type SpokenDigitBaseline,
  type SpokenDigitBaselineOptions,
  spokenDigitBaseline,
} from '../audio-baseline';
export { type ImageScores, parseSplit, type ScoreImagesOptions, scoreImages } from '../evaluate';
export { imageSetTensor } from '../judge';
export { accuracyOf, confusionMatrix, perClassAccuracy } from '../metrics';
