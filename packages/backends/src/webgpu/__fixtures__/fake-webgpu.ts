import type { DawnModule, GpuAdapterInfoLike, GpuAdapterLike, TfjsWebgpuModule, WebgpuLoaders } from '../index';

export const HARDWARE_INFO: GpuAdapterInfoLike = {
  vendor: 'nvidia',
  architecture: 'ampere',
  device: '2206',
  description: 'NVIDIA GeForce RTX 3080',
  isFallbackAdapter: false,
};

/** What Dawn 0.6 reported for Debian chromium's SwiftShader on our build machine. */
export const SWIFTSHADER_INFO: GpuAdapterInfoLike = {
  vendor: 'google',
  architecture: 'swiftshader',
  device: 'swiftshader-device-subzero-',
  description: 'SwiftShader driver 5.0.0',
  isFallbackAdapter: true,
};

/** Mesa lavapipe and D3D12 WARP, as some drivers report them: not flagged as fallback adapters. */
export const LAVAPIPE_INFO: GpuAdapterInfoLike = {
  vendor: 'mesa',
  architecture: '',
  description: 'llvmpipe (LLVM 15.0.6, 256 bits)',
};
export const WARP_INFO: GpuAdapterInfoLike = {
  vendor: 'microsoft',
  architecture: '',
  description: 'Microsoft Basic Render Driver',
};

export interface FakeDawn {
  module: DawnModule;
  createCalls: string[][];
  deviceRequests: unknown[];
  device: { label: string };
}

/** A Dawn stand-in whose only adapter has `info`; `info === null` means no adapter at all. */
export function fakeDawn(info: GpuAdapterInfoLike | null): FakeDawn {
  const device = { label: 'fake-device' };
  const createCalls: string[][] = [];
  const deviceRequests: unknown[] = [];
  const adapter: GpuAdapterLike | null =
    info === null
      ? null
      : {
          info,
          features: new Set(['timestamp-query']),
          limits: { maxBufferSize: 1 << 30, maxStorageBufferBindingSize: 1 << 27, maxTextureDimension2D: 8192 },
          requestDevice: async (descriptor) => {
            deviceRequests.push(descriptor);
            return device;
          },
        };
  const module: DawnModule = {
    create: (flags) => {
      createCalls.push([...flags]);
      return { requestAdapter: async () => adapter };
    },
    globals: { FAKE_GPU_CONSTANT_FOR_TESTS: 42 },
  };
  return { module, createCalls, deviceRequests, device };
}

export class FakeWebGpuBackend {
  constructor(
    readonly device: unknown,
    readonly adapterInfo: unknown,
  ) {}
}

export const fakeTfjsWebgpu: TfjsWebgpuModule = {
  WebGPUBackend: FakeWebGpuBackend as unknown as TfjsWebgpuModule['WebGPUBackend'],
};

/** The error Node's ESM loader throws for an uninstalled package. */
export function moduleNotFound(packageName: string): Error {
  const error = new Error(`Cannot find package '${packageName}' imported from /app/node_modules/@ifa/train/dist/index.js`);
  (error as Error & { code: string }).code = 'ERR_MODULE_NOT_FOUND';
  return error;
}

export function loadersFor(dawn: FakeDawn): WebgpuLoaders {
  return { dawn: async () => dawn.module, tfjsWebgpu: async () => fakeTfjsWebgpu };
}
