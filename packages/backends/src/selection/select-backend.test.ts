import { InvalidOptionError } from '@ifa/core';
import { describe, expect, it } from 'vitest';
import { BackendUnavailableError } from './backend-unavailable-error';
import { type BackendLoaders, type BackendProbe, selectBackend } from './index';

const missing = (): Promise<BackendProbe> => {
  const error = new Error("Cannot find package '@tensorflow/tfjs-node'") as Error & { code: string };
  error.code = 'ERR_MODULE_NOT_FOUND';
  return Promise.reject(error);
};
const ok =
  (tfjsName: string, detail: string, extra: Partial<BackendProbe> = {}) =>
  (): Promise<BackendProbe> =>
    Promise.resolve({ tfjsName, canTrain: true, detail, ...extra });

/** No native or GPU backend installed, as on our CI machines. */
const bare: BackendLoaders = {
  'tensorflow-gpu': missing,
  tensorflow: missing,
  webgpu: missing,
  webgl: missing,
  wasm: ok('wasm', 'wasm + training kernels'),
  cpu: ok('cpu', 'pure js'),
};

function recorder() {
  const activated: string[] = [];
  const logs: string[] = [];
  return {
    activated,
    logs,
    activate: async (name: string) => {
      activated.push(name);
      return true;
    },
    log: (message: string) => logs.push(message),
  };
}

describe('selectBackend', () => {
  it('auto prefers tfjs-node-gpu over everything when it loads', async () => {
    const r = recorder();
    const choice = await selectBackend({
      loaders: {
        ...bare,
        'tensorflow-gpu': ok('tensorflow', 'tfjs-node-gpu 4.22.0'),
        tensorflow: ok('tensorflow', 'x'),
      },
      activate: r.activate,
      log: r.log,
    });
    expect(choice.backend).toBe('tensorflow-gpu');
    expect(r.activated).toEqual(['tensorflow']);
    expect(r.logs).toHaveLength(1);
    expect(r.logs[0]).toContain("auto chose 'tensorflow-gpu'");
  });

  it('auto falls through missing native packages to wasm and says why', async () => {
    const r = recorder();
    const choice = await selectBackend({ loaders: bare, activate: r.activate, log: r.log });
    expect(choice.backend).toBe('wasm');
    expect(choice.reason).toContain('tensorflow: package not installed');
    expect(choice.attempts.map((a) => [a.backend, a.ok])).toEqual([
      ['tensorflow-gpu', false],
      ['tensorflow', false],
      ['webgpu', false],
      ['webgl', false],
      ['wasm', true],
    ]);
  });

  it('auto skips a backend that cannot train, but inference accepts it', async () => {
    const loaders = { ...bare, wasm: ok('wasm', 'stock wasm', { canTrain: false }) };
    const train = await selectBackend({ loaders, activate: recorder().activate, log: null });
    expect(train.backend).toBe('cpu');
    expect(train.reason).toContain('wasm: cannot train');
    const infer = await selectBackend({
      loaders,
      purpose: 'inference',
      activate: recorder().activate,
      log: null,
    });
    expect(infer.backend).toBe('wasm');
  });

  it('auto never picks a software GPU adapter, an explicit request does', async () => {
    const loaders = { ...bare, webgpu: ok('webgpu', 'SwiftShader', { software: true }) };
    const auto = await selectBackend({ loaders, activate: recorder().activate, log: null });
    expect(auto.backend).toBe('wasm');
    expect(auto.reason).toContain('software adapter');
    const explicit = await selectBackend({
      prefer: 'webgpu',
      loaders,
      activate: recorder().activate,
      log: null,
    });
    expect(explicit.backend).toBe('webgpu');
  });

  it('auto takes hardware WebGL after WebGPU and before wasm, and skips a software renderer', async () => {
    const hardware = await selectBackend({
      loaders: { ...bare, webgl: ok('webgl', 'WebGL 2, ANGLE (NVIDIA)') },
      activate: recorder().activate,
      log: null,
    });
    expect(hardware.backend).toBe('webgl');
    const software = { ...bare, webgl: ok('webgl', 'WebGL 2, SwiftShader', { software: true }) };
    const auto = await selectBackend({ loaders: software, activate: recorder().activate, log: null });
    expect(auto.backend).toBe('wasm');
    expect(auto.reason).toContain('webgl: software adapter only');
    const explicit = await selectBackend({
      prefer: 'webgl',
      loaders: software,
      activate: recorder().activate,
      log: null,
    });
    expect(explicit.backend).toBe('webgl');
  });

  it('in Node the real WebGL and tfjs-node loaders say why they cannot run, without importing anything', async () => {
    await expect(
      selectBackend({ prefer: 'webgl', activate: recorder().activate, log: null }),
    ).rejects.toThrow(/WebGL needs a browser/);
    // An explicit request names the fix; the CLI shows this message as it is.
    await expect(
      selectBackend({ prefer: 'webgl', activate: recorder().activate, log: null }),
    ).rejects.toBeInstanceOf(BackendUnavailableError);
  });

  it('tells each loader whether the backend was named explicitly', async () => {
    const seen: [string, boolean][] = [];
    const spy =
      (name: string) =>
      async ({ explicit }: { explicit: boolean }): Promise<BackendProbe> => {
        seen.push([name, explicit]);
        throw new Error('not here');
      };
    const loaders = { ...bare, webgpu: spy('webgpu'), 'tensorflow-gpu': spy('tensorflow-gpu') };
    await selectBackend({ loaders, activate: recorder().activate, log: null });
    await selectBackend({ prefer: 'webgpu', loaders, activate: recorder().activate, log: null }).catch(
      () => {},
    );
    expect(seen).toEqual([
      ['tensorflow-gpu', false],
      ['webgpu', false],
      ['webgpu', true],
    ]);
  });

  it('an explicit but missing backend throws a typed error with install instructions', async () => {
    const r = recorder();
    const attempt = selectBackend({ prefer: 'tensorflow', loaders: bare, activate: r.activate, log: null });
    await expect(attempt).rejects.toBeInstanceOf(BackendUnavailableError);
    await expect(attempt).rejects.toThrow(/npm install @tensorflow\/tfjs-node/);
    expect(r.activated).toEqual([]);
  });

  it('an explicit backend that cannot train is refused for training', async () => {
    const loaders = { ...bare, wasm: ok('wasm', 'stock wasm', { canTrain: false }) };
    await expect(
      selectBackend({ prefer: 'wasm', loaders, activate: recorder().activate, log: null }),
    ).rejects.toThrow(/cannot train/);
  });

  it('reports a backend tfjs fails to initialise', async () => {
    const activate = async (name: string) => name !== 'wasm';
    const auto = await selectBackend({ loaders: bare, activate, log: null });
    expect(auto.backend).toBe('cpu');
    await expect(
      selectBackend({ prefer: 'wasm', loaders: bare, activate, log: null }),
    ).rejects.toBeInstanceOf(BackendUnavailableError);
  });

  it('rejects an unknown backend name', async () => {
    await expect(
      // @ts-expect-error: testing a value from untyped input
      selectBackend({ prefer: 'metal', loaders: bare, activate: recorder().activate, log: null }),
    ).rejects.toThrow(/Choose one of/);
  });

  it('rejects a thread count that is not a positive integer or auto, naming it', async () => {
    for (const threads of [0, -1, 1.5]) {
      const error = await selectBackend({
        prefer: 'cpu',
        loaders: bare,
        activate: recorder().activate,
        log: null,
        threads,
      }).catch((e: unknown) => e);
      expect(InvalidOptionError.isInstance(error)).toBe(true);
      expect((error as Error).message).toBe(
        `Invalid threads: ${threads}. Expected a positive integer or 'auto'. Pass 1 to force one thread, or leave it out for one per core.`,
      );
    }
  });

  it('really activates the cpu backend with the default activation', async () => {
    const choice = await selectBackend({ prefer: 'cpu', log: null });
    const tf = await import('@tensorflow/tfjs-core');
    expect(choice.tfjsName).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
  });
});
