import { existsSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { probeWebgpu, registerWebgpuBackend, type WebgpuProbe } from '../index';

/** Debian's `chromium` package ships SwiftShader, the one CPU Vulkan driver Dawn accepts on Linux. */
export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

/**
 * Gets a WebGPU backend for equivalence tests: any adapter, software included. Points the Vulkan loader at
 * SwiftShader when nothing else was chosen (the loader reads VK_ICD_FILENAMES when Dawn starts, which is
 * after this line). With IFA_REQUIRE_WEBGPU=1 (CI), the absence of an adapter is an error, not a skip.
 */
export async function setUpTestWebgpu(): Promise<WebgpuProbe> {
  if (process.env.VK_ICD_FILENAMES === undefined && existsSync(SWIFTSHADER_ICD)) {
    process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
  }
  const probe = await probeWebgpu({ allowSoftware: true });
  if (!probe.available) {
    if (process.env.IFA_REQUIRE_WEBGPU === '1') {
      throw new Error(`IFA_REQUIRE_WEBGPU=1 but WebGPU is unavailable: ${probe.error?.message ?? probe.reason}`);
    }
    return probe;
  }
  await registerWebgpuBackend({ allowSoftware: true });
  return probe;
}

/** Title suffix that says why a WebGPU suite was skipped, so the reason shows in the test report. */
export function skipNote(probe: WebgpuProbe): string {
  return probe.available
    ? `on ${probe.adapter?.label}`
    : `SKIPPED, WebGPU unavailable: ${probe.reason} (Linux CI: apt-get install chromium libvulkan1)`;
}

/** max |a - b| / max |reference|: one number per tensor, robust to elements that are near zero. */
export function relativeDifference(actual: ArrayLike<number>, reference: ArrayLike<number>): number {
  if (actual.length !== reference.length) return Number.POSITIVE_INFINITY;
  let maxDiff = 0;
  let scale = 0;
  for (let i = 0; i < reference.length; i++) {
    const a = actual[i]!;
    const r = reference[i]!;
    if (!Number.isFinite(a) || !Number.isFinite(r)) return Number.POSITIVE_INFINITY;
    maxDiff = Math.max(maxDiff, Math.abs(a - r));
    scale = Math.max(scale, Math.abs(r));
  }
  return scale === 0 ? maxDiff : maxDiff / scale;
}

/** Runs `compute` on `backend` and reads every result asynchronously (sync reads throw on webgpu in Node). */
export async function runOn(backend: string, compute: () => tf.Tensor[]): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  await tf.ready();
  const tensors = compute();
  try {
    return await Promise.all(tensors.map(async (t) => new Float32Array(await t.data())));
  } finally {
    tf.dispose(tensors);
  }
}

/** Deterministic pseudo-random values (mulberry32), identical on every backend and run. */
export function seededValues(count: number, seed: number, scale = 1): Float32Array {
  let state = seed >>> 0;
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = ((((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1) * scale;
  }
  return out;
}
