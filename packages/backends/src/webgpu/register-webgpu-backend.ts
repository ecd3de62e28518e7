import * as tf from '@tensorflow/tfjs-core';
import type { WebgpuAdapterSummary } from './adapter-info';
import { installDawnGlobals } from './dawn-gpu';
import { WebgpuAdapterUnavailableError } from './errors/webgpu-adapter-unavailable-error';
import { findAdapter } from './find-adapter';
import type { GpuAdapterLike, GpuDeviceDescriptorLike } from './loaders';
import { resolveWebgpuOptions, type WebgpuOptions } from './options';

/** The name tfjs knows the backend by: pass it to `tf.setBackend`. */
export const WEBGPU_BACKEND_NAME = 'webgpu';

export interface RegisterWebgpuOptions extends WebgpuOptions {
  /**
   * tfjs priority of the registration. Default 0, below `cpu`: registering never changes which backend
   * tfjs picks on its own; call `tf.setBackend('webgpu')` to use it.
   */
  priority?: number;
}

export interface WebgpuRegistration {
  backendName: typeof WEBGPU_BACKEND_NAME;
  adapter: WebgpuAdapterSummary;
  /** One line for logs, e.g. `webgpu on hardware adapter nvidia ampere (NVIDIA GeForce RTX 3080)`. */
  reason: string;
}

type BackendFactory = () => tf.KernelBackend;

/**
 * What was registered per WebGPU instance, so a second call (say `ifa info`, then training) reuses the
 * live backend instead of replacing it under tensors that already sit on its device.
 */
const registrations = new WeakMap<object, { registration: WebgpuRegistration; factory: BackendFactory }>();

/** The limits tfjs-backend-webgpu's own factory asks for: the adapter's maxima, so big convs fit. */
const REQUESTED_LIMITS = [
  'maxComputeWorkgroupStorageSize',
  'maxComputeWorkgroupsPerDimension',
  'maxStorageBufferBindingSize',
  'maxBufferSize',
  'maxComputeWorkgroupSizeX',
  'maxComputeInvocationsPerWorkgroup',
] as const;

function deviceDescriptor(adapter: GpuAdapterLike): GpuDeviceDescriptorLike {
  const requiredLimits: Record<string, number> = {};
  for (const name of REQUESTED_LIMITS) {
    const value = adapter.limits[name];
    if (typeof value === 'number') requiredLimits[name] = value;
  }
  // timestamp-query only feeds tf.time()/profiling; ask for it where the adapter offers it.
  const requiredFeatures = adapter.features.has('timestamp-query') ? ['timestamp-query'] : [];
  return { requiredFeatures, requiredLimits };
}

/**
 * Wires WebGPU into tfjs under the name `webgpu`: loads Dawn (`webgpu` package) when the runtime has no
 * `navigator.gpu`, checks the adapter, creates the device, then registers tfjs-backend-webgpu bound to
 * exactly that adapter. Both packages are imported dynamically, only here.
 *
 * Throws {@link WebgpuPackageMissingError}, {@link WebgpuPackageLoadError},
 * {@link WebgpuAdapterUnavailableError} or {@link WebgpuSoftwareAdapterError}, each saying how to fix it.
 * Every read of a tensor on this backend must be async (`await t.data()`): `dataSync()` needs
 * `OffscreenCanvas`, which Node lacks.
 */
export async function registerWebgpuBackend(
  options: RegisterWebgpuOptions = {},
): Promise<WebgpuRegistration> {
  const resolved = resolveWebgpuOptions(options);
  const priority = options.priority ?? 0;
  const found = await findAdapter(resolved);
  const previous = registrations.get(found.gpu);
  if (previous !== undefined && tf.findBackendFactory(WEBGPU_BACKEND_NAME) === previous.factory) {
    return previous.registration;
  }
  // tfjs-backend-webgpu reads navigator.gpu and the GPU* constants when it is constructed.
  if (found.dawn !== undefined) installDawnGlobals(found.dawn, found.gpu);

  let device: unknown;
  try {
    device = await found.adapter.requestDevice(deviceDescriptor(found.adapter));
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new WebgpuAdapterUnavailableError(`${found.summary.label} refused to create a device (${detail})`, {
      cause: error,
    });
  }

  const { WebGPUBackend } = found.tfjsWebgpu;
  const adapterInfo = found.adapter.info;
  // Importing tfjs-backend-webgpu may already have registered its own factory, which would request an
  // adapter of its choosing; replace it so tfjs runs on the adapter we vetted.
  if (tf.findBackendFactory(WEBGPU_BACKEND_NAME) != null) tf.removeBackend(WEBGPU_BACKEND_NAME);
  const factory: BackendFactory = () =>
    new WebGPUBackend(device as never, adapterInfo as never) as tf.KernelBackend;
  tf.registerBackend(WEBGPU_BACKEND_NAME, factory, priority);
  const kind = found.summary.isSoftware ? 'software adapter' : 'hardware adapter';
  const registration: WebgpuRegistration = {
    backendName: WEBGPU_BACKEND_NAME,
    adapter: found.summary,
    reason: `webgpu on ${kind} ${found.summary.label}`,
  };
  registrations.set(found.gpu, { registration, factory });
  return registration;
}
