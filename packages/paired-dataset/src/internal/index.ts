/**
 * `@ifa/paired-dataset/internal`: building blocks for @ifa/train, @ifa/evaluate, @ifa/cli and their
 * tests and scripts. Not covered by semver: names here may change in any release.
 */
export { type DataDirSource, resolveDataDirWithSource } from '../data-dir';
export {
  type GeneratorDigitPairsOptions,
  type JudgeImagePolicy,
  type JudgeImages,
  loadGeneratorDigitPairs,
  loadJudgeImages,
} from '../judge-pools';
export type { ImageSubset } from '../split';
