import { describe, expect, it } from 'vitest';

// The runtime names the entry point exports (covered by semver; no ./internal).
describe('@ifa/pretrained-digits exports', () => {
  it('@ifa/pretrained-digits', async () => {
    expect(Object.keys(await import('./index')).sort()).toEqual(['PRETRAINED_MODELS', 'pretrainedDigits']);
  });
});
