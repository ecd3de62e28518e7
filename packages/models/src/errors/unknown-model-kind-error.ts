import { IfaModelsError } from './ifa-models-error';

/** `ifa-model.json` names a `kind` this version of `@ifa/models` does not know. */
export class UnknownModelKindError extends IfaModelsError {
  override readonly name = 'UnknownModelKindError';

  constructor(
    readonly kind: unknown,
    readonly source: string,
  ) {
    super(
      `${source}: unknown model kind ${JSON.stringify(kind)}; expected one of "cgan", "cvae", "vaegan", "wgan". ` +
        'The folder was written by another tool or a newer @ifa/models; upgrade @ifa/models or re-export the model.',
    );
  }
}
