/**
 * `@ifa/models/internal`: building blocks for @ifa/train, @ifa/backends' tests and benchmarks, and this
 * package's scripts. Not covered by semver: names here may change in any release.
 */
export { cganObjectives } from '../cgan';
export { resolveConfig } from '../config';
export { cvaeObjectives } from '../cvae';
export { encodeWeights, fileMapReader, float32ToFloat16Bits, MANIFEST_FILE } from '../io';
export { countTrainableParams } from '../model';
export { countFlopsPerSample } from '../model-stats';
export { parsePreprocessing, resolvePreprocessing } from '../preprocessing';
export { standardNormal } from '../random';
export { vaeganObjectives } from '../vaegan';
export { wganObjectives } from '../wgan';
