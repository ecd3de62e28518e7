import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it } from 'vitest';
import { probeWebgpu } from './index';
import { preflightDawnAdapter } from './preflight';

const hasDawn = (() => {
  try {
    return existsSync(createRequire(import.meta.url).resolve('webgpu'));
  } catch {
    return false;
  }
})();

describe.skipIf(!hasDawn || process.platform !== 'linux')('the WebGPU adapter preflight (real Dawn)', () => {
  const saved = process.env.VK_ICD_FILENAMES;
  afterEach(() => {
    if (saved === undefined) delete process.env.VK_ICD_FILENAMES;
    else process.env.VK_ICD_FILENAMES = saved;
  });

  it('asks a child process, which finds no adapter when Vulkan has no driver', async () => {
    process.env.VK_ICD_FILENAMES = '/nonexistent/ifa-preflight-icd.json';
    expect(await preflightDawnAdapter([], 'high-performance')).toEqual({ adapter: null });
    const probe = await probeWebgpu({ allowSoftware: true });
    expect(probe.available).toBe(false);
    expect(probe.reason).toContain('Dawn found no Vulkan, Metal or Direct3D 12 adapter');
  });
});
