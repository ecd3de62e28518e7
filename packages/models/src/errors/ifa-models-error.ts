/**
 * Base class of every error thrown by `@ifa/models`, so callers can tell our failures apart from tfjs ones
 * with a single `instanceof` check. Subclasses set a stable `name` callers may switch on.
 */
export class IfaModelsError extends Error {
  override readonly name: string = 'IfaModelsError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
