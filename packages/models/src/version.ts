/** Kept in sync with package.json by a test (a JSON import would put package.json outside `src`). */
export const PACKAGE_VERSION = '0.1.0';
