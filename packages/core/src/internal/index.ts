/**
 * `@ifa/core/internal`: building blocks shared by the other @ifa packages. Not covered by semver: names
 * here may change in any release.
 */
export { deriveSeed, mulberry32 } from '../random';
