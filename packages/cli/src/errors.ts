import { IfaError, InvalidOptionError } from '@ifa/core';

/**
 * Library errors advise in library terms (`onInvalid: 'skip'`, `downloadDatasets({ cacheDir })`); a
 * command-line user needs the flag instead. Keyed by the stable error code; each returns the whole line,
 * or undefined to keep the library's message. The errors carry the parts (`summary`, `path`).
 */
const CLI_WORDING: Record<string, (error: IfaError & Record<string, unknown>) => string | undefined> = {
  IFA_INVALID_AUDIO_FILES: (error) =>
    typeof error.summary === 'string'
      ? `${error.summary} Remove or re-download them, or pass --on-invalid skip to use the rest.`
      : undefined,
  IFA_OUTPUT_NOT_EMPTY: (error) =>
    typeof error.path === 'string'
      ? `${error.path} is not empty. Choose a new or empty folder for --out, or pass --overwrite.`
      : undefined,
  IFA_DATASET_NOT_FOUND: (error) => {
    if (typeof error.path !== 'string') return undefined;
    const mnistFile = /(?:train|t10k)-(?:images|labels)-idx\d-ubyte\.gz$/.test(error.path);
    return (
      `Not found: ${error.path}. Run \`ifa datasets download\` (it fetches MNIST and FSDD into --data-dir, ` +
      'IFA_DATA_DIR or the user cache), or pass --data-dir DIR for a folder holding mnist/ and fsdd/' +
      (mnistFile ? '; a file copied by hand is checked by `ifa datasets verify`.' : '.')
    );
  },
};

/** Library option names the commands set from a flag: an `InvalidOptionError` about one names the flag. */
const FLAG_OF_OPTION: Record<string, string> = {
  dataDir: '--data-dir',
  split: '--split',
  heldOutSpeakers: '--split',
  testFraction: '--split',
  outDir: '--out',
  epochs: '--epochs',
  batchSize: '--batch-size',
  learningRate: '--learning-rate',
  maxBatchesPerEpoch: '--max-batches',
  keepCheckpoints: '--keep-checkpoints',
  cacheDir: '--cache-dir',
  judgeCacheDir: '--judge-cache',
  repeats: '--repeats',
  run: '--run',
};

/** First non-empty line of a text. */
function firstLine(text: string): string {
  return text.split('\n').find((line) => line.trim() !== '') ?? 'unknown error';
}

/** The one line a command prints for an error: the CLI wording where the library's names a library call. */
export function errorLine(error: unknown): string {
  if (IfaError.isInstance(error)) {
    const worded = CLI_WORDING[error.code]?.(error as IfaError & Record<string, unknown>);
    if (worded !== undefined) return worded;
    const option = InvalidOptionError.isInstance(error) ? error.option : undefined;
    const flag = option === undefined ? undefined : FLAG_OF_OPTION[option];
    if (flag !== undefined) return firstLine(error.message.replace(`Invalid ${option}:`, `Invalid ${flag}:`));
  }
  return firstLine(error instanceof Error ? error.message : String(error));
}
