/**
 * The web demo: say a digit (or drop a WAV) and watch the pretrained @ifa model draw it. Everything the
 * page needs (weights, wasm binaries, the digit reader) is served with it; nothing comes from a CDN.
 *
 * Flow per recording: samples at the microphone's or file's own rate -> the model's SpectrogramEncoder
 * (which resamples to 8 kHz with its own resampler, then makes the 28 x 28 mel spectrogram) -> the
 * generator -> the digit reader. Each stage is timed and shown.
 */
import { decodeWav, type SpectrogramImage } from '@ifa/audio-features';
import { BACKEND_PREFERENCES, type BackendPreference } from '@ifa/backends';
import { loadPainter, type Painter, type PainterImage } from '@ifa/painter';
import { type PretrainedModel, pretrainedDigits } from '@ifa/pretrained-digits';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { drawGrey, drawWaveform } from './draw';
import { DemoInputError } from './errors';
import { checkClipLength, checkFile, MAX_CLIP_SECONDS } from './limits';
import { explain } from './messages';
import { type Microphone, openMicrophone } from './microphone';
import { DigitReader, type Reading } from './reader';
import { findUtterances, peakLevelDb, UtteranceDetector } from './vad';
import './style.css';

function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (found === null) throw new Error(`index.html has no #${id}`);
  return found as T;
}

const ui = {
  hold: element<HTMLButtonElement>('hold'),
  listen: element<HTMLButtonElement>('listen'),
  micOff: element<HTMLButtonElement>('mic-off'),
  file: element<HTMLInputElement>('file'),
  drop: element<HTMLDivElement>('drop'),
  wave: element<HTMLCanvasElement>('wave'),
  micStatus: element<HTMLElement>('mic-status'),
  spectrogram: element<HTMLCanvasElement>('spectrogram'),
  spectrogramNote: element<HTMLElement>('spectrogram-note'),
  pictures: element<HTMLDivElement>('pictures'),
  result: element<HTMLParagraphElement>('result'),
  timings: element<HTMLTableElement>('timings'),
  message: element<HTMLDivElement>('message'),
  model: element<HTMLParagraphElement>('model'),
  backend: element<HTMLParagraphElement>('backend'),
  backendWhy: element<HTMLDetailsElement>('backend-why'),
  backendAttempts: element<HTMLUListElement>('backend-attempts'),
  backendChoice: element<HTMLSelectElement>('backend-choice'),
  loadTimes: element<HTMLParagraphElement>('load-times'),
};

const BACKEND_NAMES: Record<string, string> = {
  webgpu: 'WebGPU',
  webgl: 'WebGL',
  wasm: 'WebAssembly (wasm)',
  cpu: 'plain JavaScript (cpu)',
};

/** A recording on its way to a picture. */
interface Clip {
  channels: Float32Array | Float32Array[];
  sampleRate: number;
  seconds: number;
}

/** One recording to draw: where it came from and how to get its samples. */
interface Job {
  source: 'microphone' | 'file';
  /** For messages and the test: the file's name, or how the microphone recording was made. */
  name: string;
  /** performance.now() when the recording was complete (released, end of speech detected, file chosen). */
  startedAt: number;
  prepare: (stage: (name: string) => void) => Promise<Clip>;
}

let painter: Painter | null = null;
let reader: DigitReader | null = null;
let microphone: Microphone | null = null;
let openingMicrophone: Promise<Microphone> | null = null;
let detector: UtteranceDetector | null = null;
let hold: { blocks: Float32Array[]; timer: ReturnType<typeof setTimeout> } | null = null;
/** Set while a hold button press lasts; the microphone may open after it ended. */
let holdWanted = false;
let firstPictureAt: number | null = null;
/** The last two seconds of microphone samples, for the waveform: a whole word and the pause after it. */
let waveform = new Float32Array(0);

// ---- messages -----------------------------------------------------------------------------------------

function showError(error: unknown): void {
  const { title, detail, expected } = explain(error);
  if (!expected) console.error(error);
  ui.message.replaceChildren();
  const strong = document.createElement('strong');
  strong.textContent = title;
  const text = document.createElement('span');
  text.textContent = detail;
  // The space keeps the two apart for screen readers, which read the alert as one text.
  ui.message.append(strong, ' ', text);
  // For the browser test: an @ifa error's stable code, else the error's name (DOMException's numeric
  // `code` is 0 for the newer names such as NotAllowedError).
  const { code, name } = (error ?? {}) as { code?: unknown; name?: unknown };
  ui.message.dataset.code = typeof code === 'string' ? code : typeof name === 'string' ? name : 'unknown';
  ui.message.dataset.count = String(Number(ui.message.dataset.count) + 1);
}

function clearError(): void {
  ui.message.replaceChildren();
  delete ui.message.dataset.code;
}

// ---- drawing a recording ------------------------------------------------------------------------------

let running = false;
let pending: Job | null = null;

/** Draws jobs one at a time; while one runs, only the newest waiting one is kept. */
function enqueue(job: Job): void {
  pending = job;
  if (running) return;
  running = true;
  void (async () => {
    while (pending !== null) {
      const next = pending;
      pending = null;
      await draw(next);
    }
    running = false;
  })();
}

async function draw(job: Job): Promise<void> {
  if (painter === null) return;
  clearError();
  document.body.dataset.state = 'working';
  const stages: { name: string; ms: number }[] = [];
  let mark = job.startedAt;
  const stage = (name: string) => {
    const now = performance.now();
    stages.push({ name, ms: now - mark });
    mark = now;
  };
  try {
    const clip = await job.prepare(stage);
    const { sampleRate: modelRate } = painter.encoder.config;
    const spectrogram = painter.encoder.encode(clip.channels, clip.sampleRate, { source: job.name });
    stage(
      clip.sampleRate === modelRate
        ? 'spectrogram'
        : `resample ${kHz(clip.sampleRate)} → ${kHz(modelRate)} kHz + spectrogram`,
    );
    showSpectrogram(spectrogram, clip);
    const count = painter.hasNoise ? 4 : 1;
    const [pictures = []] = await painter.fromSpectrograms([spectrogram], { count });
    stage(`generate (${painter.backend})`);
    const readings = reader === null ? null : await reader.read(pictures);
    if (reader !== null) stage('read the digit');
    showPictures(job, pictures, readings);
    stage('show');
    firstPictureAt ??= performance.now();
    showTimings(stages, performance.now() - job.startedAt);
    showLoadTimes();
  } catch (error) {
    showError(error);
  } finally {
    // A new hold may have started recording meanwhile; that state stays.
    if (document.body.dataset.state === 'working') document.body.dataset.state = 'ready';
  }
}

function kHz(rate: number): string {
  return (rate / 1000).toFixed(rate % 1000 === 0 ? 0 : 1);
}

function showSpectrogram(spectrogram: SpectrogramImage, clip: Clip): void {
  drawGrey(ui.spectrogram, spectrogram);
  ui.spectrogram.setAttribute(
    'aria-label',
    `Spectrogram of ${clip.seconds.toFixed(2)} s of sound, ${spectrogram.width} by ${spectrogram.height}`,
  );
  ui.spectrogramNote.textContent =
    `${clip.seconds.toFixed(2)} s at ${kHz(clip.sampleRate)} kHz became this ${spectrogram.width} × ` +
    `${spectrogram.height} mel spectrogram (time left to right, low pitches at the bottom).`;
}

function showPictures(job: Job, pictures: PainterImage[], readings: Reading[] | null): void {
  ui.pictures.replaceChildren(
    ...pictures.map((picture, i) => {
      const canvas = document.createElement('canvas');
      canvas.width = 168;
      canvas.height = 168;
      canvas.className = 'pixels';
      canvas.setAttribute('role', 'img');
      const reading = readings?.[i];
      canvas.setAttribute('aria-label', reading ? `Drawn digit, read as ${reading.digit}` : 'Drawn digit');
      drawGrey(canvas, picture);
      return canvas;
    }),
  );
  const first = pictures[0]!;
  const { dataset } = ui.result;
  dataset.count = String(Number(dataset.count) + 1);
  dataset.source = job.source;
  dataset.name = job.name;
  // The exact float pixels of the first picture, for the browser test to judge in Node.
  dataset.pixels = toBase64(first.data);
  dataset.width = String(first.width);
  dataset.height = String(first.height);
  if (readings === null) {
    delete dataset.digit;
    ui.result.textContent =
      'Drew a picture (the digit reader did not load, so the page cannot say which digit).';
    return;
  }
  dataset.digit = String(readings[0]!.digit);
  const sure = (r: Reading) => `${Math.round(r.confidence * 100)}% sure`;
  ui.result.textContent =
    readings.length === 1
      ? `Drew a ${readings[0]!.digit} (the digit reader is ${sure(readings[0]!)}).`
      : `Drew ${readings.length} pictures, read as ${readings.map((r) => r.digit).join(', ')}.`;
}

function toBase64(values: Float32Array): string {
  const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text);
}

function showTimings(stages: { name: string; ms: number }[], totalMs: number): void {
  const rows = [...stages, { name: 'total', ms: totalMs }].map(({ name, ms }) => {
    const row = document.createElement('tr');
    const label = document.createElement('td');
    label.textContent = name;
    const value = document.createElement('td');
    value.textContent = ms.toFixed(1);
    row.append(label, value);
    return row;
  });
  ui.timings.tBodies[0]!.replaceChildren(...rows);
  ui.timings.hidden = false;
  ui.result.dataset.ms = totalMs.toFixed(1);
  ui.result.dataset.stages = JSON.stringify(stages.map((s) => [s.name, Number(s.ms.toFixed(1))]));
}

let loadTimes = '';
function showLoadTimes(): void {
  const first =
    firstPictureAt === null
      ? ''
      : ` First picture ${(firstPictureAt / 1000).toFixed(2)} s after the page began loading.`;
  ui.loadTimes.textContent = loadTimes + first;
  if (firstPictureAt !== null) ui.loadTimes.dataset.firstPictureMs = firstPictureAt.toFixed(0);
}

// ---- files --------------------------------------------------------------------------------------------

function drawFile(file: File): void {
  enqueue({
    source: 'file',
    name: file.name,
    startedAt: performance.now(),
    async prepare(stage) {
      checkFile(file);
      const bytes = new Uint8Array(await file.arrayBuffer());
      stage('read file');
      const audio = decodeWav(bytes);
      const seconds = (audio.channelData[0]?.length ?? 0) / audio.sampleRate;
      checkClipLength(seconds, file.name);
      stage('decode WAV');
      return { channels: audio.channelData, sampleRate: audio.sampleRate, seconds };
    },
  });
}

ui.file.addEventListener('change', () => {
  const file = ui.file.files?.[0];
  if (file !== undefined) drawFile(file);
  // The same file may be chosen again.
  ui.file.value = '';
});
ui.drop.addEventListener('dragover', (event) => {
  event.preventDefault();
  ui.drop.classList.add('over');
});
ui.drop.addEventListener('dragleave', () => ui.drop.classList.remove('over'));
ui.drop.addEventListener('drop', (event) => {
  event.preventDefault();
  ui.drop.classList.remove('over');
  const file = event.dataTransfer?.files[0];
  if (file !== undefined && painter !== null) drawFile(file);
});
// A file dropped beside the drop zone would make the browser leave the page to show it.
for (const type of ['dragover', 'drop'] as const)
  window.addEventListener(type, (event) => event.preventDefault());

// ---- the microphone -----------------------------------------------------------------------------------

async function ensureMicrophone(): Promise<Microphone> {
  if (microphone !== null) return microphone;
  openingMicrophone ??= openMicrophone().finally(() => {
    openingMicrophone = null;
  });
  const opened = await openingMicrophone;
  if (microphone === opened) return opened;
  microphone = opened;
  waveform = new Float32Array(Math.round(2 * opened.sampleRate));
  opened.onSamples = onSamples;
  ui.micOff.hidden = false;
  ui.micStatus.textContent = `Microphone on${opened.label ? ` (${opened.label})` : ''}, ${kHz(opened.sampleRate)} kHz.`;
  requestAnimationFrame(drawLiveWaveform);
  return opened;
}

function onSamples(block: Float32Array): void {
  // Scroll the waveform.
  waveform.copyWithin(0, Math.min(block.length, waveform.length));
  waveform.set(
    block.subarray(Math.max(0, block.length - waveform.length)),
    Math.max(0, waveform.length - block.length),
  );
  hold?.blocks.push(block);
  if (detector === null || microphone === null) return;
  const rate = microphone.sampleRate;
  for (const utterance of detector.push(block)) {
    const samples = utterance.samples;
    enqueue({
      source: 'microphone',
      name: `microphone, hands-free (${utterance.seconds.toFixed(2)} s)`,
      startedAt: performance.now(),
      prepare: async () => ({ channels: samples, sampleRate: rate, seconds: utterance.seconds }),
    });
  }
}

function drawLiveWaveform(): void {
  if (microphone === null) {
    ui.wave.getContext('2d')?.clearRect(0, 0, ui.wave.width, ui.wave.height);
    return;
  }
  const speaking = detector?.speaking === true || hold !== null;
  drawWaveform(ui.wave, waveform, speaking ? '#f66151' : '#8ff0a4');
  requestAnimationFrame(drawLiveWaveform);
}

async function closeMicrophone(): Promise<void> {
  stopListening();
  holdWanted = false;
  if (hold !== null) clearTimeout(hold.timer);
  hold = null;
  const closing = microphone;
  microphone = null;
  ui.micOff.hidden = true;
  ui.micStatus.textContent = 'Microphone off.';
  await closing?.close();
}

// Hold to record: pointer, keyboard (Space / Enter held) and one-press toggling for assistive technology.

async function pressHold(): Promise<void> {
  if (hold !== null || painter === null) return;
  holdWanted = true;
  stopListening();
  clearError();
  try {
    await ensureMicrophone();
  } catch (error) {
    holdWanted = false;
    showError(error);
    return;
  }
  if (!holdWanted || hold !== null) return;
  // The page keeps at most MAX_CLIP_SECONDS; a longer hold stops itself and is drawn.
  hold = { blocks: [], timer: setTimeout(() => releaseHold(), MAX_CLIP_SECONDS * 1000) };
  ui.hold.classList.add('recording');
  ui.hold.textContent = 'Recording… let go to draw';
  document.body.dataset.state = 'recording';
}

function releaseHold(): void {
  holdWanted = false;
  const recording = hold;
  if (recording === null || microphone === null) return;
  hold = null;
  clearTimeout(recording.timer);
  ui.hold.classList.remove('recording');
  ui.hold.textContent = 'Hold to record';
  document.body.dataset.state = 'ready';
  const rate = microphone.sampleRate;
  const samples = concat(recording.blocks);
  enqueue({
    source: 'microphone',
    name: 'microphone, held',
    startedAt: performance.now(),
    async prepare(stage) {
      if (samples.length === 0)
        throw new DemoInputError(
          DemoInputError.NO_SPEECH,
          'The recording is empty: hold the button while you speak.',
        );
      // One digit per recording: the longest stretch of speech is drawn, clicks and breaths around it are not.
      const words = findUtterances(samples, rate);
      stage('find the speech');
      const longest = words.reduce<(typeof words)[number] | null>(
        (a, b) => (a === null || b.seconds > a.seconds ? b : a),
        null,
      );
      if (longest === null) {
        throw new DemoInputError(
          DemoInputError.NO_SPEECH,
          `Heard no speech in ${(samples.length / rate).toFixed(1)} s (the loudest moment was ` +
            `${peakLevelDb(samples, rate).toFixed(0)} dB). Speak closer to the microphone, or check that it is not muted.`,
        );
      }
      return { channels: longest.samples, sampleRate: rate, seconds: longest.seconds };
    },
  });
}

function concat(blocks: Float32Array[]): Float32Array {
  const out = new Float32Array(blocks.reduce((n, b) => n + b.length, 0));
  let offset = 0;
  for (const block of blocks) {
    out.set(block, offset);
    offset += block.length;
  }
  return out;
}

ui.hold.addEventListener('pointerdown', (event) => {
  if (event.button !== 0) return;
  ui.hold.setPointerCapture(event.pointerId);
  void pressHold();
});
ui.hold.addEventListener('pointerup', () => releaseHold());
ui.hold.addEventListener('pointercancel', () => releaseHold());
ui.hold.addEventListener('keydown', (event) => {
  if (event.key !== ' ' && event.key !== 'Enter') return;
  // No click: holding is the action, and Enter would otherwise click on every key repeat.
  event.preventDefault();
  if (!event.repeat) void pressHold();
});
ui.hold.addEventListener('keyup', (event) => {
  if (event.key !== ' ' && event.key !== 'Enter') return;
  event.preventDefault();
  releaseHold();
});
ui.hold.addEventListener('click', (event) => {
  // detail 0: a click with no pointer or key behind it, as screen readers send. Toggle instead of hold.
  if (event.detail !== 0) return;
  if (hold === null && !holdWanted) void pressHold();
  else releaseHold();
});

// Hands-free: a voice-activity detector finds each word.

async function startListening(): Promise<void> {
  clearError();
  let opened: Microphone;
  try {
    opened = await ensureMicrophone();
  } catch (error) {
    showError(error);
    return;
  }
  detector = new UtteranceDetector({ sampleRate: opened.sampleRate });
  ui.listen.setAttribute('aria-pressed', 'true');
  ui.listen.textContent = 'Stop listening';
  document.body.dataset.listening = 'true';
}

function stopListening(): void {
  detector = null;
  ui.listen.setAttribute('aria-pressed', 'false');
  ui.listen.textContent = 'Listen hands-free';
  delete document.body.dataset.listening;
}

ui.listen.addEventListener('click', () => {
  if (detector === null) void startListening();
  else stopListening();
});
ui.micOff.addEventListener('click', () => void closeMicrophone());

// ---- start --------------------------------------------------------------------------------------------

/** Says where the model computes, and, folded, why: every backend tried and what it answered. */
function showBackend(loaded: Painter): void {
  const name = BACKEND_NAMES[loaded.backend] ?? loaded.backend;
  ui.backend.textContent = `Computing on ${name}.`;
  ui.backend.dataset.backend = loaded.backend;
  const attempts = loaded.backendSelection?.attempts ?? [];
  ui.backendAttempts.replaceChildren(
    ...attempts.map(({ backend, ok, reason }) => {
      const item = document.createElement('li');
      item.textContent = `${BACKEND_NAMES[backend] ?? backend}: ${ok ? 'chosen' : 'not used'}, ${reason}`;
      return item;
    }),
  );
  ui.backendWhy.hidden = attempts.length === 0;
}

/**
 * The shipped model, or `?model=<URL of a model folder>` (relative to the page), e.g. a CVAE you trained
 * with `ifa train` and copied next to the page: models with noise get several pictures side by side.
 */
function modelSource(): string | PretrainedModel {
  const asked = new URLSearchParams(location.search).get('model');
  return asked === null || asked === '' ? pretrainedDigits : new URL(asked, location.href).href;
}

function backendPreference(): BackendPreference {
  const asked = new URLSearchParams(location.search).get('backend') ?? 'auto';
  return (BACKEND_PREFERENCES as readonly string[]).includes(asked) ? (asked as BackendPreference) : 'auto';
}

ui.backendChoice.addEventListener('change', () => {
  const url = new URL(location.href);
  url.searchParams.set('backend', ui.backendChoice.value);
  location.assign(url);
});

async function start(): Promise<void> {
  const preference = backendPreference();
  const source = modelSource();
  if (typeof source === 'string') {
    ui.model.textContent = `The model at ${source}.`;
  }
  ui.backendChoice.value = preference;
  // tfjs-backend-wasm fetches its binaries by name under this prefix; vite.config.ts copies them there.
  setWasmPaths(new URL('./wasm/', document.baseURI).href);
  const loadStart = performance.now();
  try {
    painter = await loadPainter(source, { backend: preference, log: (line) => console.info(line) });
  } catch (error) {
    document.body.dataset.state = 'failed';
    ui.backend.textContent = 'The model could not be loaded.';
    showError(error);
    return;
  }
  const modelLoaded = performance.now();
  try {
    reader = await DigitReader.load(new URL('./judge/', document.baseURI));
  } catch (error) {
    console.warn(error);
  }
  // One silent pass, so the first real recording does not pay for kernel setup (shader compilation on
  // WebGL and WebGPU): the stage timings then show what every later recording costs.
  const silence = { width: 28, height: 28, data: new Float32Array(28 * 28) };
  const warm = await painter.fromSpectrograms([silence]);
  await reader?.read(warm);
  const ready = performance.now();

  showBackend(painter);
  if (painter.hasNoise) {
    ui.model.textContent += ` A ${painter.model.kind} with noise: four pictures per recording, each from different noise.`;
  }
  const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  loadTimes =
    `The script started ${seconds(loadStart)} after the page began loading and had the model ` +
    `${seconds(modelLoaded - loadStart)} later; ready to draw ${seconds(ready)} after the page began loading ` +
    '(digit reader and a warm-up pass included).';
  ui.loadTimes.dataset.readyMs = ready.toFixed(0);
  ui.loadTimes.dataset.modelMs = (modelLoaded - loadStart).toFixed(0);
  showLoadTimes();
  for (const control of [ui.hold, ui.listen, ui.file]) control.disabled = false;
  document.body.dataset.state = 'ready';
}

void start();
