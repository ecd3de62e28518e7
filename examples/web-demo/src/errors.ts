import { IfaError } from '@ifa/core';

/**
 * Input the page refuses before the model sees it, with a message that says what to do. An `IfaError`
 * like every error the @ifa packages throw on purpose, so the page tells "your input" apart from bugs the
 * same way for all of them.
 */
export class DemoInputError extends IfaError {
  static readonly NOT_A_WAV = 'IFA_DEMO_NOT_A_WAV';
  static readonly FILE_TOO_BIG = 'IFA_DEMO_FILE_TOO_BIG';
  static readonly CLIP_TOO_LONG = 'IFA_DEMO_CLIP_TOO_LONG';
  static readonly NO_SPEECH = 'IFA_DEMO_NO_SPEECH';
  override readonly name = 'DemoInputError';
}
