import { describe, expect, it } from 'vitest';

// The runtime names `@ifa/cli` exports (the `ifa` bin aside). A change to this list is a deliberate API
// decision, covered by semver (see README, "Public surface").
describe('@ifa/cli exports', () => {
  it('@ifa/cli', async () => {
    expect(Object.keys(await import('./index')).sort()).toEqual(['processIo', 'runCli']);
  });
});
