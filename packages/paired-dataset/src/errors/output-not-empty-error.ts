import { IfaError } from '@ifa/core';

/** A generator was asked to write into a folder that already holds files. */
export class OutputNotEmptyError extends IfaError {
  static readonly code = 'IFA_OUTPUT_NOT_EMPTY';
  override readonly name = 'OutputNotEmptyError';

  constructor(readonly path: string) {
    super(
      OutputNotEmptyError.code,
      `${path} is not empty. Choose a new or empty folder, or pass overwrite: true (--overwrite) to replace ` +
        'the files written there.',
    );
  }

  static override isInstance(error: unknown): error is OutputNotEmptyError {
    return IfaError.hasCode(error, OutputNotEmptyError.code);
  }
}
