/**
 * MNIST is parsed once per call: the judge-pool split and the generator's pairing pools share one parse
 * of each IDX file (training used to parse them twice per run). Counted by wrapping the IDX parser.
 */
import { describe, expect, it, vi } from 'vitest';
import { sampleDataDir } from '../sample';
import { loadGeneratorDigitPairs } from './index';

const parsed = vi.hoisted(() => [] as string[]);

vi.mock('../mnist/idx', async (importOriginal) => {
  const original = await importOriginal<typeof import('../mnist/idx')>();
  return {
    ...original,
    parseIdx: (...args: Parameters<typeof original.parseIdx>) => {
      parsed.push(String(args[1]).replace(/^.*[\\/]/, ''));
      return original.parseIdx(...args);
    },
  };
});

describe('loadGeneratorDigitPairs', () => {
  it('parses each MNIST file once', async () => {
    await loadGeneratorDigitPairs({ dir: sampleDataDir() });
    // The shipped sample holds t10k only: one images file and one labels file.
    expect(parsed.sort()).toEqual(['t10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz']);
  });
});
