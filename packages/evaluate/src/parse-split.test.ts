import { InvalidOptionError } from '@ifa/core';
import { describe, expect, it } from 'vitest';
import { parseSplit } from './evaluate';

describe('parseSplit: the split syntax of ifa train and ifa evaluate, with one canonical label', () => {
  it.each([
    ['standard', 'standard'],
    ['speaker:theo', 'speakers:theo'],
    ['speakers:theo', 'speakers:theo'],
    ['speakers:theo,george', 'speakers:theo,george'],
    ['fraction:0.2', 'fraction:0.2'],
  ])('%s is labelled %s in reports', (text, label) => {
    expect(parseSplit(text).label).toBe(label);
  });

  it('labels the scheme a run.json records the same way', () => {
    expect(parseSplit({ heldOutSpeakers: ['theo'] })).toEqual({
      label: 'speakers:theo',
      scheme: { heldOutSpeakers: ['theo'] },
    });
    expect(parseSplit({ testFraction: 0.1, seed: 0 }).label).toBe('fraction:0.1');
  });

  it('rejects an unknown speaker, naming the known ones', () => {
    expect(() => parseSplit('speaker:bob')).toThrow(InvalidOptionError);
    expect(() => parseSplit('speaker:bob')).toThrow(/Invalid split: "speaker:bob".*george/);
  });
});
