/**
 * Layering rules for the @ifa packages, checked by `npm run lint:deps` (and in CI after lint).
 *
 * Intended direction (an arrow points at what a package may import):
 *   audio-features -> core;  paired-dataset -> audio-features, core;  models -> audio-features, core;
 *   backends -> core;  painter -> models, audio-features, backends, core;  pretrained-digits -> nothing;
 *   train -> core, audio-features, paired-dataset, models, backends;  evaluate -> train and the rest;
 *   cli -> everything. Nothing imports cli.
 *
 * `@ifa/*` imports resolve to each package's src/ through tsconfig.depcruise.json (as vitest resolves them),
 * so every rule below is written against `packages/<name>/` paths. Tests, benchmarks and fixtures are
 * cruised too; where a rule lets them do more, DEV_FILES says which files count.
 */

/**
 * Test, benchmark, fixture and build-config files: they may use devDependencies (e.g. backends' tests use
 * @ifa/models, core's tests use vitest, every tsup.config.ts uses tsup).
 */
const DEV_FILES = [
  '\\.test\\.[cm]?[jt]s$',
  '^packages/[^/]+/(test|bench)/',
  '/__fixtures__/',
  // backends' WebGPU benchmark lives beside the code it measures; it is not in any tsup entry.
  '^packages/backends/src/webgpu/(run-)?bench-webgpu\\.[cm]?[jt]s$',
  '^packages/[^/]+/[^/]+\\.config\\.[cm]?[jt]s$',
];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'audio-features-only-core',
      comment:
        'audio-features is the bottom layer users install on its own (no TensorFlow, runs in browsers): ' +
        'of the other @ifa packages it may use only @ifa/core, the zero-dependency error base.',
      severity: 'error',
      from: { path: '^packages/audio-features/' },
      to: { path: '^packages/[^/]+/', pathNot: '^packages/(core|audio-features)/' },
    },
    {
      name: 'models-not-above-its-layer',
      comment:
        'models (tfjs-layers networks, save/load, generate) is what inference users install: it must not ' +
        'pull in datasets, backends, the painter, training, evaluation or the CLI. It may use ' +
        'audio-features: the typed `preprocessing` record of ifa-model.json is its SpectrogramEncoder config.',
      severity: 'error',
      from: { path: '^packages/models/' },
      to: { path: '^packages/(paired-dataset|backends|painter|pretrained-digits|train|evaluate|cli)/' },
    },
    {
      name: 'painter-only-inference',
      comment:
        'painter (one call from audio to image) is the inference entry point: it may use models, ' +
        'audio-features, backends and core, never datasets, training, evaluation, the CLI or a pretrained ' +
        'model package (those depend on it, or users pair them); its tests and benchmarks are no exception.',
      severity: 'error',
      from: { path: '^packages/painter/' },
      to: { path: '^packages/(paired-dataset|pretrained-digits|train|evaluate|cli)/' },
    },
    {
      name: 'pretrained-digits-imports-nothing',
      comment:
        'pretrained-digits ships weights and a descriptor with zero dependencies (a ModelFileMap is a plain ' +
        'object): its published code imports no other package. Its tests, benchmarks and scripts may use ' +
        'models, painter and evaluate (devDependencies) to check and measure the model.',
      severity: 'error',
      from: {
        path: '^packages/pretrained-digits/',
        pathNot: [...DEV_FILES, '^packages/pretrained-digits/scripts/'],
      },
      to: { pathNot: '^packages/pretrained-digits/' },
    },
    {
      name: 'paired-dataset-not-above-its-layer',
      comment:
        'paired-dataset loads and pairs data; it sits below models, backends and training, so it must ' +
        'not import them (nor evaluate or the CLI).',
      severity: 'error',
      from: { path: '^packages/paired-dataset/' },
      to: { path: '^packages/(models|backends|train|evaluate|cli)/' },
    },
    {
      name: 'core-imports-no-ifa-package',
      comment: '@ifa/core is the base every package depends on: it imports no other @ifa package.',
      severity: 'error',
      from: { path: '^packages/core/' },
      to: { path: '^packages/[^/]+/', pathNot: '^packages/core/' },
    },
    {
      name: 'core-only-node-builtins',
      comment:
        '@ifa/core promises zero dependencies: its code imports only node: built-ins and its own files ' +
        '(its tests may also use devDependencies such as vitest).',
      severity: 'error',
      from: { path: '^packages/core/', pathNot: DEV_FILES },
      // (other @ifa packages: core-imports-no-ifa-package)
      to: { dependencyTypesNot: ['core'], pathNot: '^packages/' },
    },
    {
      name: 'backends-not-above-its-layer',
      comment:
        'backends (selection, WASM training kernels, WebGPU) sits beside models, below training: it must ' +
        'not import train, evaluate, the CLI or paired-dataset.',
      severity: 'error',
      from: { path: '^packages/backends/' },
      to: { path: '^packages/(train|evaluate|cli|paired-dataset)/' },
    },
    {
      name: 'backends-models-only-in-tests',
      comment:
        "backends' tests and benchmarks run real models (@ifa/models is a devDependency), but its " +
        'published code must not depend on models: inference users pair them, neither needs the other.',
      severity: 'error',
      from: { path: '^packages/backends/', pathNot: DEV_FILES },
      to: { path: '^packages/models/' },
    },
    {
      name: 'train-not-evaluate-or-cli',
      comment:
        'train is the layer evaluate and the CLI build on; importing them back would make training ' +
        'users install the judge, reports and commander/cli-progress.',
      severity: 'error',
      from: { path: '^packages/train/' },
      to: { path: '^packages/(evaluate|cli)/' },
    },
    {
      name: 'nothing-imports-cli',
      comment:
        '@ifa/cli is the top of the stack (the `ifa` bin): no package and no example may import it; ' +
        'move what is needed into the library package it belongs to.',
      severity: 'error',
      from: { pathNot: '^packages/cli/' },
      to: { path: '^packages/cli/' },
    },
    {
      name: 'no-circular',
      comment:
        'Circular imports (between packages, or between folders of one package) break the layering and ' +
        'make load order and tree-shaking fragile.',
      severity: 'error',
      from: {},
      // Cycles made only through `import type` cannot break load order; they are warned about below.
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'no-circular-type-only',
      comment:
        'A cycle that exists only through `import type` is harmless at run time but still tangles the ' +
        'module graph; move the shared type to the module both sides import.',
      severity: 'warn',
      from: {},
      to: { circular: true, via: { dependencyTypes: ['type-only'] } },
    },
    {
      name: 'no-reaching-into-another-package',
      comment:
        'A package uses another only through its name (@ifa/x and its exports map), never by a relative ' +
        'path into its files: that skips the published API and breaks once installed from npm.',
      severity: 'error',
      from: { path: '^packages/([^/]+)/' },
      to: {
        dependencyTypes: ['local'],
        dependencyTypesNot: ['aliased'],
        path: '^packages/',
        pathNot: '^packages/$1/',
      },
    },
    {
      name: 'examples-not-into-package-files',
      comment:
        'Examples show how users use the packages, so they import @ifa/* by name, never package files ' +
        'by relative path.',
      severity: 'error',
      from: { path: '^examples/' },
      to: { dependencyTypes: ['local'], dependencyTypesNot: ['aliased'], path: '^packages/' },
    },
    {
      name: 'web-demo-page-no-node-builtins',
      comment:
        'The web demo page (examples/web-demo/src) runs in browsers: it may not import Node built-ins. Its ' +
        'tests, the vite config and the static server run in Node.',
      severity: 'error',
      from: { path: '^examples/web-demo/src/', pathNot: DEV_FILES },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'web-demo-page-no-node-entry-points',
      comment:
        'The web demo page uses the browser entry points of the @ifa packages, never their `/node` subpaths ' +
        '(file system helpers, pngjs).',
      severity: 'error',
      from: { path: '^examples/web-demo/src/', pathNot: DEV_FILES },
      to: { path: '^packages/[^/]+/src/node/' },
    },
    {
      name: 'no-import-of-dist',
      comment:
        "Another package's dist/ is a build output: it may be stale or missing (tests and typecheck run " +
        'on src/). Import the package by name instead.',
      severity: 'error',
      from: { path: '^(packages/([^/]+)|examples)/' },
      to: { path: '^packages/[^/]+/dist/', pathNot: '^packages/$2/' },
    },
    {
      name: 'not-to-unresolvable',
      comment:
        'An import that cannot be resolved is either a typo, a package missing from package.json, or an ' +
        '@ifa subpath missing from tsconfig.depcruise.json (then the rules above cannot see it).',
      severity: 'error',
      from: {},
      // A package's own benchmark may load its own build output (../dist/), absent before `npm run build`.
      to: { couldNotResolve: true, pathNot: '^\\.\\./dist/' },
    },
  ],
  options: {
    // Not `exclude`: that would also hide imports *of* these files from the rules (no-import-of-dist).
    // doNotFollow keeps them out of the scan and stops at them, but still reports who imports them.
    doNotFollow: { path: ['(^|/)node_modules/', '^(packages|examples)/[^/]+/dist/'] },
    // Type-only imports count: they end up in the published .d.ts files.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.depcruise.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
};
