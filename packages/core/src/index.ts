/**
 * @ifa/core: the base every @ifa package shares. No dependencies, no Node built-ins (those are in
 * `@ifa/core/node`), safe in browsers.
 *
 * Public surface: the error base and a seeded generator. Building blocks the other @ifa packages share
 * (seed derivation, the raw mulberry32 stream) are in `@ifa/core/internal`, which semver does not cover.
 */
export { IfaError, type IfaErrorOptions, type InvalidOptionDetails, InvalidOptionError } from './errors';
export { createRng, type Rng } from './random';
