import * as api from '@ifa/audio-features';
import { describe, expect, it } from 'vitest';

describe('@ifa/audio-features entry', () => {
  it('resolves to the package source', () => {
    expect(typeof api).toBe('object');
  });
});
