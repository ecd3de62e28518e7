import type { WebgpuAdapterSummary } from './adapter-info';
import { WebgpuError } from './errors/webgpu-error';
import { WebgpuSoftwareAdapterError } from './errors/webgpu-software-adapter-error';
import { findAdapter } from './find-adapter';
import { resolveWebgpuOptions, type WebgpuOptions } from './options';

export interface WebgpuProbe {
  /** True when `registerWebgpuBackend` with the same options would succeed (device creation aside). */
  available: boolean;
  /** The adapter Dawn offers, also when it was refused for being software. */
  adapter?: WebgpuAdapterSummary;
  /** One line for logs and `ifa info`: what was found, or why WebGPU cannot be used. */
  reason: string;
  /** The typed error `registerWebgpuBackend` would throw; its message says how to fix it. */
  error?: WebgpuError;
}

/**
 * Finds out, without registering anything with tfjs, whether WebGPU can train here and on which adapter.
 * Never throws for an expected failure (missing package, no driver, software only): it reports it.
 */
export async function probeWebgpu(options: WebgpuOptions = {}): Promise<WebgpuProbe> {
  const resolved = resolveWebgpuOptions(options);
  try {
    const { summary } = await findAdapter(resolved);
    const kind = summary.isSoftware ? 'software adapter (allowed by allowSoftware)' : 'hardware adapter';
    return { available: true, adapter: summary, reason: `${kind}: ${summary.label}` };
  } catch (error) {
    if (!(error instanceof WebgpuError)) throw error;
    const adapter = error instanceof WebgpuSoftwareAdapterError ? error.adapter : undefined;
    return { available: false, ...(adapter ? { adapter } : {}), reason: error.reason, error };
  }
}
