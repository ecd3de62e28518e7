import { IfaError } from '@ifa/core';

/** `ifa-model.json` names a `kind` this version of `@ifa/models` does not know. */
export class UnknownModelKindError extends IfaError {
  static readonly code = 'IFA_UNKNOWN_MODEL_KIND';
  override readonly name = 'UnknownModelKindError';

  constructor(
    readonly kind: unknown,
    readonly source: string,
  ) {
    super(
      UnknownModelKindError.code,
      `${source}: unknown model kind ${JSON.stringify(kind)}; expected one of "cgan", "cvae", "vaegan", "wgan". ` +
        'The folder was written by another tool or a newer @ifa/models; upgrade @ifa/models or re-export the model.',
    );
  }

  static override isInstance(error: unknown): error is UnknownModelKindError {
    return IfaError.hasCode(error, UnknownModelKindError.code);
  }
}
