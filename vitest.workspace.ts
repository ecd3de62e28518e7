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

/** Examples with tests of their own (the others are run by scripts/run-examples.mjs). */
const exampleNames = ['web-demo'] as const;

const projects: TestProjectInlineConfiguration[] = [
  ...packageNames.map((name) => ({ name, root: `./packages/${name}` })),
  ...exampleNames.map((name) => ({ name, root: `./examples/${name}` })),
].map(({ name, root }) => ({
  extends: true,
  test: { name, root, include: ['src/**/*.test.ts', 'test/**/*.test.ts'] },
}));

export default projects;
