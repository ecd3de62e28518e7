/**
 * The one list of test projects. Vitest 4 dropped support for reading this file by itself, so the root
 * `vitest.config.ts` imports it into `test.projects`; keeping the list here means adding a package is a
 * one-line change in one obvious place.
 */
import type { TestProjectInlineConfiguration } from 'vitest/config';

const packageNames = [
  'core',
  'audio-features',
  'paired-dataset',
  'models',
  'backends',
  'painter',
  'pretrained-digits',
  'train',
  'evaluate',
  'cli',
] as const;

const projects: TestProjectInlineConfiguration[] = packageNames.map((name) => ({
  extends: true,
  test: {
    name,
    root: `./packages/${name}`,
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
  },
}));

export default projects;
