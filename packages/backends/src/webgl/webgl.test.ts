import { afterEach, describe, expect, it } from 'vitest';
import { probeWebgl } from './index';

/** A stand-in for a browser's OffscreenCanvas whose WebGL context reports `renderer`. */
function fakeCanvas(renderer: string | null, versions: ('webgl2' | 'webgl')[] = ['webgl2', 'webgl']) {
  const lost: string[] = [];
  class FakeOffscreenCanvas {
    getContext(kind: 'webgl2' | 'webgl') {
      if (renderer === null || !versions.includes(kind)) return null;
      return {
        RENDERER: 0x1f01,
        getParameter: (name: number) => (name === 0x9246 ? renderer : 'WebKit WebGL'),
        getExtension: (name: string) => {
          if (name === 'WEBGL_debug_renderer_info') return { UNMASKED_RENDERER_WEBGL: 0x9246 };
          if (name === 'WEBGL_lose_context') return { loseContext: () => lost.push(kind) };
          return null;
        },
      };
    }
  }
  Object.defineProperty(globalThis, 'OffscreenCanvas', { value: FakeOffscreenCanvas, configurable: true });
  return lost;
}

afterEach(() => {
  Reflect.deleteProperty(globalThis, 'OffscreenCanvas');
});

describe('probeWebgl', () => {
  it('in Node (no canvas) says WebGL needs a browser', () => {
    expect(probeWebgl()).toEqual({ unavailable: expect.stringMatching(/needs a browser/) });
  });

  it('reads the unmasked renderer, flags SwiftShader as software and releases the probe context', () => {
    const lost = fakeCanvas(
      'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)), SwiftShader driver)',
    );
    expect(probeWebgl()).toEqual({
      version: 2,
      renderer: 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)), SwiftShader driver)',
      isSoftware: true,
    });
    expect(lost).toEqual(['webgl2']);
  });

  it('a hardware renderer is not software; WebGL 1 is used when WebGL 2 is refused', () => {
    fakeCanvas('ANGLE (NVIDIA, NVIDIA GeForce RTX 3080 Direct3D11 vs_5_0 ps_5_0)', ['webgl']);
    expect(probeWebgl()).toMatchObject({ version: 1, isSoftware: false });
  });

  it('a browser that refuses every WebGL context is reported, not thrown', () => {
    fakeCanvas(null);
    expect(probeWebgl()).toEqual({ unavailable: expect.stringMatching(/no WebGL context/) });
  });
});
