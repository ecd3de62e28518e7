// Runs on the audio thread: hands the microphone's samples to the page in blocks of 2048 (about 45 ms at
// 44.1 kHz), channels averaged to mono. Plain JavaScript: the browser loads it with addModule, untouched.
const BLOCK = 2048;

class CaptureProcessor extends AudioWorkletProcessor {
  constructor() {
    super();
    this.block = new Float32Array(BLOCK);
    this.filled = 0;
  }

  process(inputs) {
    const channels = inputs[0] ?? [];
    const length = channels[0]?.length ?? 0;
    for (let i = 0; i < length; i++) {
      let sum = 0;
      for (const channel of channels) sum += channel[i];
      this.block[this.filled++] = sum / channels.length;
      if (this.filled === BLOCK) {
        this.port.postMessage(this.block, [this.block.buffer]);
        this.block = new Float32Array(BLOCK);
        this.filled = 0;
      }
    }
    // Keep running while the page holds the node, even between inputs.
    return true;
  }
}

registerProcessor('ifa-capture', CaptureProcessor);
