import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeWav, resample } from '@ifa/audio-features';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';

export const DEMO_DIR = fileURLToPath(new URL('..', import.meta.url));
export const REPO_DIR = join(DEMO_DIR, '..', '..');
export const OUTPUT_DIR = join(DEMO_DIR, 'test-output');
/** Debian's Chromium; Playwright's own browser download cannot run here. */
export const CHROMIUM = process.env.IFA_CHROMIUM ?? '/usr/bin/chromium';
/** SwiftShader, the CPU Vulkan driver in Debian's chromium package: WebGPU without a GPU. */
export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

/** A 16-bit PCM mono WAV file of `samples` (values in [-1, 1]). */
export function pcm16Wav(samples: Float32Array, sampleRate: number): Buffer {
  const bytes = Buffer.alloc(44 + samples.length * 2);
  bytes.write('RIFF', 0, 'ascii');
  bytes.writeUInt32LE(36 + samples.length * 2, 4);
  bytes.write('WAVEfmt ', 8, 'ascii');
  bytes.writeUInt32LE(16, 16);
  bytes.writeUInt16LE(1, 20); // PCM
  bytes.writeUInt16LE(1, 22); // mono
  bytes.writeUInt32LE(sampleRate, 24);
  bytes.writeUInt32LE(sampleRate * 2, 28);
  bytes.writeUInt16LE(2, 32);
  bytes.writeUInt16LE(16, 34);
  bytes.write('data', 36, 'ascii');
  bytes.writeUInt32LE(samples.length * 2, 40);
  samples.forEach((v, i) => {
    bytes.writeInt16LE(Math.round(Math.max(-1, Math.min(1, v)) * 32767), 44 + 2 * i);
  });
  return bytes;
}

/** Silence before and after the word in the fake microphone's file, which Chromium plays in a loop. */
export const LEAD_SECONDS = 1;
export const TAIL_SECONDS = 1.5;

/**
 * What the fake microphone plays: the recording at 48 kHz (a sound card's rate; the resampling is the
 * encoder's own), between stretches of digital silence, so the page's voice-activity detector sees one
 * word per loop with silence on both sides.
 */
export function fakeMicrophoneWav(recording: Uint8Array): Buffer {
  const audio = decodeWav(recording);
  const rate = 48_000;
  const word = resample(audio.channelData[0]!, audio.sampleRate, rate);
  const samples = new Float32Array(Math.round((LEAD_SECONDS + TAIL_SECONDS) * rate) + word.length);
  samples.set(word, Math.round(LEAD_SECONDS * rate));
  return pcm16Wav(samples, rate);
}

/** `count` seconds of a 220 Hz tone with a little noise, at 8 kHz: long, clearly not silent. */
export function longToneWav(seconds: number): Buffer {
  const rate = 8000;
  const samples = new Float32Array(seconds * rate);
  let state = 1;
  for (let i = 0; i < samples.length; i++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    samples[i] = 0.3 * Math.sin((2 * Math.PI * 220 * i) / rate) + 0.02 * (state / 1073741824 - 1);
  }
  return pcm16Wav(samples, rate);
}

/**
 * The project's digit classifier (@ifa/evaluate's judge, the one behind every accuracy in the READMEs), as
 * committed in scripts/fixtures/digit-judge: no MNIST and no 3-minute training needed.
 */
export async function loadJudge(): Promise<(pixels: Float32Array) => Promise<{ digit: number; p: number }>> {
  const folder = join(REPO_DIR, 'scripts', 'fixtures', 'digit-judge');
  const json = JSON.parse(readFileSync(join(folder, 'model.json'), 'utf8')) as {
    modelTopology: object;
    weightsManifest: { weights: tf.io.WeightsManifestEntry[] }[];
  };
  const model = await tfl.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest[0]!.weights,
      weightData: new Uint8Array(readFileSync(join(folder, 'weights.bin'))).buffer,
    }),
  );
  return async (pixels) => {
    const output = tf.tidy(() => model.predict(tf.tensor4d(pixels, [1, 28, 28, 1])) as tf.Tensor);
    const p = Array.from(await output.data());
    output.dispose();
    const digit = p.indexOf(Math.max(...p));
    return { digit, p: p[digit]! };
  };
}

/** The float pixels the page put in `#result[data-pixels]`. */
export function decodePixels(base64: string): Float32Array {
  const bytes = Buffer.from(base64, 'base64');
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

export function maxAbsDifference(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

/**
 * A headless Chromium. `microphone`: a WAV file the fake audio device plays in a loop, with the permission
 * prompt accepted (`--use-fake-ui-for-media-stream`); without it no prompt is accepted, which is how the
 * test denies the microphone. WebGPU is on, through SwiftShader where there is no GPU.
 */
export async function launchChromium(options: {
  microphone?: string;
  allowMicrophone: boolean;
}): Promise<Browser> {
  const args = ['--use-fake-device-for-media-stream', '--enable-unsafe-webgpu', '--enable-features=Vulkan'];
  if (options.allowMicrophone) args.push('--use-fake-ui-for-media-stream');
  if (options.microphone !== undefined) args.push(`--use-file-for-fake-audio-capture=${options.microphone}`);
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  if (env.VK_ICD_FILENAMES === undefined && existsSync(SWIFTSHADER_ICD))
    env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args, env });
}

/** What the page showed for one drawing. */
export interface PageResult {
  source: string;
  name: string;
  /** The digit the page's own reader said ("drew a 7"). */
  pageDigit: number | null;
  text: string;
  pixels: Float32Array;
  /** Recording complete to picture shown, ms (the page's own clock). */
  ms: number;
  stages: [string, number][];
}

/** Waits for the page's `count`-th drawing and reads it. */
export async function waitForResult(page: Page, count: number, timeout = 30_000): Promise<PageResult> {
  const result = page.locator(`#result[data-count="${count}"]`);
  await result.waitFor({ state: 'attached', timeout });
  const read = async (name: string) => (await result.getAttribute(`data-${name}`)) ?? '';
  const digit = await read('digit');
  return {
    source: await read('source'),
    name: await read('name'),
    pageDigit: digit === '' ? null : Number(digit),
    text: (await result.textContent()) ?? '',
    pixels: decodePixels(await read('pixels')),
    ms: Number(await read('ms')),
    stages: JSON.parse((await read('stages')) || '[]') as [string, number][],
  };
}

/** Opens the page and waits until it can draw; returns the backend it states and its load times. */
export async function openDemo(
  browser: Browser,
  url: string,
): Promise<{ page: Page; backend: string; backendText: string; readyMs: number; requests: string[] }> {
  const page = await browser.newPage();
  const requests: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(url);
  try {
    await page.locator('body[data-state="ready"]').waitFor({ state: 'attached', timeout: 120_000 });
  } catch (error) {
    const message =
      (await page
        .locator('#message')
        .textContent()
        .catch(() => '')) ?? '';
    throw new Error(`the page did not get ready: ${message || errors.join('; ') || String(error)}`);
  }
  const backendLine = page.locator('#backend');
  return {
    page,
    backend: (await backendLine.getAttribute('data-backend')) ?? '',
    backendText: (await backendLine.textContent()) ?? '',
    readyMs: Number(await page.locator('#load-times').getAttribute('data-ready-ms')),
    requests,
  };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
