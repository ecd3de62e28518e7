import { IfaError } from '@ifa/core';

/** The layout `loadPairsFolder` and `ifa train --pairs` expect, for messages. */
export const PAIRS_FOLDER_LAYOUT = 'DIR/audio/<class>/*.wav and DIR/images/<class>/*.{png,jpg,jpeg}';

/**
 * A pairs folder lacks its `audio/` or `images/` sub-folder (or does not exist). The message gives the
 * expected layout.
 */
export class PairsFolderLayoutError extends IfaError {
  static readonly code = 'IFA_PAIRS_FOLDER_LAYOUT';
  override readonly name = 'PairsFolderLayoutError';

  constructor(
    readonly dir: string,
    /** The missing sub-folders' paths (or `dir` itself when it does not exist). */
    readonly missing: readonly string[],
  ) {
    super(
      PairsFolderLayoutError.code,
      `${dir} is not a pairs folder: ${missing.join(' and ')} ${missing.length === 1 ? 'does' : 'do'} not exist. ` +
        `Expected ${PAIRS_FOLDER_LAYOUT}, with the same class names under audio/ and images/ ` +
        '(`ifa datasets make-soundscapes --out DIR` writes an example).',
    );
  }

  static override isInstance(error: unknown): error is PairsFolderLayoutError {
    return IfaError.hasCode(error, PairsFolderLayoutError.code);
  }
}

/**
 * An audio class of a pairs folder cannot be paired: there is no image folder of the same name, it holds
 * no images, or too few to give both the train and the test split one.
 */
export class UnmatchedClassError extends IfaError {
  static readonly code = 'IFA_UNMATCHED_CLASS';
  override readonly name = 'UnmatchedClassError';

  constructor(
    readonly className: string,
    readonly audioDir: string,
    readonly imageDir: string,
    /** What is wrong, e.g. `there is no folder ...`. */
    readonly problem: string,
    fix: string,
  ) {
    super(
      UnmatchedClassError.code,
      `Audio class '${className}' (${audioDir}) cannot be paired: ${problem}. ${fix}`,
    );
  }

  static override isInstance(error: unknown): error is UnmatchedClassError {
    return IfaError.hasCode(error, UnmatchedClassError.code);
  }
}
