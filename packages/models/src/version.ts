declare const __IFA_MODELS_VERSION__: string | undefined;

/**
 * The package version, written into `ifa-model.json`. tsup replaces `__IFA_MODELS_VERSION__` with the
 * version from package.json at build time (so `changeset version` needs no source edit); running from
 * source (tests) gives `'0.0.0-source'`.
 */
export const PACKAGE_VERSION: string =
  typeof __IFA_MODELS_VERSION__ === 'string' ? __IFA_MODELS_VERSION__ : '0.0.0-source';
