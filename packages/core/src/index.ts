/**
 * @ifa/core: the base every @ifa package shares. No dependencies, no Node built-ins (those are in
 * `@ifa/core/node`), safe in browsers.
 */
export { IfaError, type IfaErrorOptions, type InvalidOptionDetails, InvalidOptionError } from './errors';
export { createRng, deriveSeed, mulberry32, type Rng } from './random';
