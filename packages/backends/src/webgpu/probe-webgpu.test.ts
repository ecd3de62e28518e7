import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it } from 'vitest';
import {
  FakeWebGpuBackend,
  fakeDawn,
  fakeTfjsWebgpu,
  HARDWARE_INFO,
  LAVAPIPE_INFO,
  loadersFor,
  moduleNotFound,
  SWIFTSHADER_INFO,
  WARP_INFO,
} from './__fixtures__/fake-webgpu';
import {
  probeWebgpu,
  registerWebgpuBackend,
  summarizeAdapterInfo,
  WebgpuAdapterUnavailableError,
  WebgpuPackageLoadError,
  WebgpuPackageMissingError,
  WebgpuSoftwareAdapterError,
} from './index';

describe('summarizeAdapterInfo', () => {
  it.each([
    ['SwiftShader (fallback flag)', SWIFTSHADER_INFO, true],
    ['lavapipe by name', LAVAPIPE_INFO, true],
    ['WARP by name', WARP_INFO, true],
    ['a discrete NVIDIA GPU', HARDWARE_INFO, false],
    ['an Apple GPU', { vendor: 'apple', architecture: 'metal-3', description: 'Apple M2' }, false],
  ])('classifies %s', (_name, info, software) => {
    expect(summarizeAdapterInfo(info).isSoftware).toBe(software);
  });

  it('does not mistake a name merely containing "warp" for WARP', () => {
    expect(summarizeAdapterInfo({ vendor: 'amd', description: 'Radeon Warpdrive 9000' }).isSoftware).toBe(
      false,
    );
  });
});

describe('probeWebgpu with fake loaders', () => {
  it('accepts a hardware adapter and reports it', async () => {
    const probe = await probeWebgpu({ loaders: loadersFor(fakeDawn(HARDWARE_INFO)) });
    expect(probe.available).toBe(true);
    expect(probe.adapter).toMatchObject({
      vendor: 'nvidia',
      architecture: 'ampere',
      description: 'NVIDIA GeForce RTX 3080',
      isSoftware: false,
    });
    expect(probe.reason).toContain('hardware adapter');
    expect(probe.error).toBeUndefined();
  });

  it.each([
    ['SwiftShader', SWIFTSHADER_INFO],
    ['lavapipe', LAVAPIPE_INFO],
    ['WARP', WARP_INFO],
  ])('refuses %s unless allowSoftware is set', async (_name, info) => {
    const refused = await probeWebgpu({ loaders: loadersFor(fakeDawn(info)) });
    expect(refused.available).toBe(false);
    expect(refused.error).toBeInstanceOf(WebgpuSoftwareAdapterError);
    expect(refused.adapter?.isSoftware).toBe(true);
    expect(refused.reason).toMatch(/software renderer/);
    expect(refused.error?.message).toContain('allowSoftware');

    const allowed = await probeWebgpu({ allowSoftware: true, loaders: loadersFor(fakeDawn(info)) });
    expect(allowed.available).toBe(true);
    expect(allowed.reason).toContain('software adapter');
  });

  it('reports a missing `webgpu` package as a typed error with the install command', async () => {
    const probe = await probeWebgpu({
      loaders: {
        dawn: async () => {
          throw moduleNotFound('webgpu');
        },
        tfjsWebgpu: async () => fakeTfjsWebgpu,
      },
    });
    expect(probe.available).toBe(false);
    expect(probe.error).toBeInstanceOf(WebgpuPackageMissingError);
    expect((probe.error as WebgpuPackageMissingError).packageName).toBe('webgpu');
    expect(probe.error?.message).toContain('npm install webgpu');
  });

  it('reports a missing tfjs-backend-webgpu package as a typed error', async () => {
    const probe = await probeWebgpu({
      loaders: {
        dawn: async () => fakeDawn(HARDWARE_INFO).module,
        tfjsWebgpu: async () => {
          throw moduleNotFound('@tensorflow/tfjs-backend-webgpu');
        },
      },
    });
    expect(probe.error).toBeInstanceOf(WebgpuPackageMissingError);
    expect((probe.error as WebgpuPackageMissingError).packageName).toBe('@tensorflow/tfjs-backend-webgpu');
  });

  it('tells a broken install (dawn.node fails to load) from a missing one', async () => {
    const probe = await probeWebgpu({
      loaders: {
        dawn: async () => {
          throw new Error('/app/node_modules/webgpu/dist/linux-x64/dawn.node: invalid ELF header');
        },
      },
    });
    expect(probe.error).toBeInstanceOf(WebgpuPackageLoadError);
    expect(probe.reason).toContain('invalid ELF header');
  });

  it('treats a missing dependency *of* webgpu as a broken install, not a missing package', async () => {
    const probe = await probeWebgpu({
      loaders: {
        dawn: async () => {
          throw moduleNotFound('debug');
        },
      },
    });
    expect(probe.error).toBeInstanceOf(WebgpuPackageLoadError);
  });

  it('reports "no adapter" with driver instructions', async () => {
    const probe = await probeWebgpu({ loaders: loadersFor(fakeDawn(null)) });
    expect(probe.available).toBe(false);
    expect(probe.error).toBeInstanceOf(WebgpuAdapterUnavailableError);
    expect(probe.error?.message).toMatch(/Vulkan|Metal|Direct3D/);
  });

  it('passes Dawn flags through and creates one Dawn instance per module', async () => {
    const dawn = fakeDawn(HARDWARE_INFO);
    await probeWebgpu({ dawnFlags: ['backend=vulkan'], loaders: loadersFor(dawn) });
    await probeWebgpu({ dawnFlags: ['backend=vulkan'], loaders: loadersFor(dawn) });
    expect(dawn.createCalls).toEqual([['backend=vulkan']]);
  });

  it('does not register anything with tfjs', async () => {
    await probeWebgpu({ loaders: loadersFor(fakeDawn(HARDWARE_INFO)) });
    expect(tf.findBackendFactory('webgpu')).toBeNull();
  });
});

describe('registerWebgpuBackend with fake loaders', () => {
  const scope = globalThis as Record<string, unknown>;
  afterEach(() => {
    if (tf.findBackendFactory('webgpu') != null) tf.removeBackend('webgpu');
    delete scope.navigator;
    delete scope.FAKE_GPU_CONSTANT_FOR_TESTS;
  });

  it('throws the typed error and registers nothing when only a software adapter exists', async () => {
    await expect(
      registerWebgpuBackend({ loaders: loadersFor(fakeDawn(SWIFTSHADER_INFO)) }),
    ).rejects.toBeInstanceOf(WebgpuSoftwareAdapterError);
    expect(tf.findBackendFactory('webgpu')).toBeNull();
    expect(scope.navigator).toBeUndefined();
  });

  it('registers tfjs-backend-webgpu bound to the vetted adapter and its device', async () => {
    const dawn = fakeDawn(HARDWARE_INFO);
    const registration = await registerWebgpuBackend({ loaders: loadersFor(dawn) });
    expect(registration.backendName).toBe('webgpu');
    expect(registration.adapter.label).toBe('nvidia ampere (NVIDIA GeForce RTX 3080)');

    // The device asks for the adapter's maxima (what tfjs's own factory asks for) and timestamp queries.
    expect(dawn.deviceRequests).toEqual([
      {
        requiredFeatures: ['timestamp-query'],
        requiredLimits: { maxBufferSize: 1 << 30, maxStorageBufferBindingSize: 1 << 27 },
      },
    ]);
    const factory = tf.findBackendFactory('webgpu');
    expect(factory).not.toBeNull();
    const backend = (await factory!()) as unknown as FakeWebGpuBackend;
    expect(backend).toBeInstanceOf(FakeWebGpuBackend);
    expect(backend.device).toBe(dawn.device);
    expect(backend.adapterInfo).toBe(HARDWARE_INFO);

    // Dawn is wired in the way tfjs-backend-webgpu expects to find a browser's WebGPU.
    expect((scope.navigator as { gpu?: unknown }).gpu).toBeDefined();
    expect(scope.FAKE_GPU_CONSTANT_FOR_TESTS).toBe(42);
  });

  it('keeps an existing navigator (Node 21+, browsers) and only adds `gpu` to it', async () => {
    const existing = { userAgent: 'Node.js/22', hardwareConcurrency: 2 };
    scope.navigator = existing;
    scope.FAKE_GPU_CONSTANT_FOR_TESTS = 'already here';
    await registerWebgpuBackend({ loaders: loadersFor(fakeDawn(HARDWARE_INFO)) });
    expect(scope.navigator).toBe(existing);
    expect((existing as { gpu?: unknown }).gpu).toBeDefined();
    expect(scope.FAKE_GPU_CONSTANT_FOR_TESTS).toBe('already here');
  });

  it('uses the runtime navigator.gpu instead of loading Dawn when one exists', async () => {
    // Without a dawn loader the real `webgpu` package would be imported; the NVIDIA adapter can only have
    // come from the runtime's navigator.gpu.
    const native = fakeDawn(HARDWARE_INFO).module.create([]);
    scope.navigator = { gpu: native };
    const registration = await registerWebgpuBackend({ loaders: { tfjsWebgpu: async () => fakeTfjsWebgpu } });
    expect(registration.adapter.vendor).toBe('nvidia');
    expect((scope.navigator as { gpu: unknown }).gpu).toBe(native);
  });

  it('reuses its live registration when called again, and still refuses software when not allowed', async () => {
    const dawn = fakeDawn(HARDWARE_INFO);
    const first = await registerWebgpuBackend({ loaders: loadersFor(dawn) });
    const factory = tf.findBackendFactory('webgpu');
    const second = await registerWebgpuBackend({ loaders: loadersFor(dawn) });
    expect(second).toBe(first);
    expect(tf.findBackendFactory('webgpu')).toBe(factory);
    expect(dawn.deviceRequests).toHaveLength(1);

    const software = fakeDawn(SWIFTSHADER_INFO);
    await registerWebgpuBackend({ allowSoftware: true, loaders: loadersFor(software) });
    await expect(registerWebgpuBackend({ loaders: loadersFor(software) })).rejects.toBeInstanceOf(
      WebgpuSoftwareAdapterError,
    );
  });

  it('registers below cpu by default so it never becomes the default backend by itself', async () => {
    await registerWebgpuBackend({ loaders: loadersFor(fakeDawn(HARDWARE_INFO)) });
    const registry = (tf.engine() as unknown as { registryFactory: Record<string, { priority: number }> })
      .registryFactory;
    expect(registry.webgpu?.priority).toBe(0);
  });
});
