/**
 * The microphone as a stream of mono Float32 blocks at the audio context's own rate (44.1 or 48 kHz
 * usually). No resampling here: the spectrogram encoder resamples to the model's rate with its own
 * resampler, exactly as it does for files.
 */
export interface Microphone {
  readonly sampleRate: number;
  /** The input device's name when the browser tells it. */
  readonly label: string;
  /** Called with every block of samples, on the page's thread. */
  onSamples: (samples: Float32Array) => void;
  /** Stops the tracks (the browser's recording indicator goes off) and closes the audio context. */
  close(): Promise<void>;
}

export async function openMicrophone(): Promise<Microphone> {
  if (navigator.mediaDevices?.getUserMedia === undefined) {
    // Browsers hide the API on insecure pages: http://localhost counts as secure, a LAN address does not.
    throw Object.assign(new Error('the microphone needs https (or http://localhost)'), {
      name: 'SecurityError',
    });
  }
  // The raw signal, as the FSDD recordings the model learned from: no echo cancellation, noise
  // suppression or automatic gain, which reshape a spectrogram.
  const stream = await navigator.mediaDevices.getUserMedia({
    audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false, channelCount: 1 },
  });
  const context = new AudioContext();
  try {
    await context.audioWorklet.addModule(new URL('./capture-worklet.js', import.meta.url));
    const source = context.createMediaStreamSource(stream);
    const node = new AudioWorkletNode(context, 'ifa-capture', { numberOfInputs: 1, numberOfOutputs: 0 });
    source.connect(node);
    await context.resume();
    const microphone: Microphone = {
      sampleRate: context.sampleRate,
      label: stream.getAudioTracks()[0]?.label ?? '',
      onSamples: () => {},
      async close() {
        node.port.onmessage = null;
        source.disconnect();
        for (const track of stream.getTracks()) track.stop();
        await context.close();
      },
    };
    node.port.onmessage = (event: MessageEvent<Float32Array>) => microphone.onSamples(event.data);
    return microphone;
  } catch (error) {
    for (const track of stream.getTracks()) track.stop();
    await context.close();
    throw error;
  }
}
