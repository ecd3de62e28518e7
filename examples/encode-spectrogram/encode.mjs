// Only @ifa/audio-features: decode a WAV, make the 28 x 28 mel spectrogram image, save it as PNG.
// Usage: node examples/encode-spectrogram/encode.mjs <file.wav> [out.png] [nMels] [nFrames]
import { SpectrogramEncoder } from '@ifa/audio-features';
import { readAudioFile, writeSpectrogramPng } from '@ifa/audio-features/node';

const [wavPath, outPath = 'spectrogram.png', nMels, nFrames] = process.argv.slice(2);
if (!wavPath) {
  console.error('usage: node encode.mjs <file.wav> [out.png] [nMels] [nFrames]');
  process.exit(1);
}

try {
  const encoder = new SpectrogramEncoder({
    ...(nMels && { nMels: Number(nMels) }),
    ...(nFrames && { nFrames: Number(nFrames) }),
  });
  const audio = await readAudioFile(wavPath);
  const image = encoder.encodeAudio(audio);
  await writeSpectrogramPng(image, outPath);
  console.log(
    `${wavPath}: ${audio.sampleRate} Hz, ${(audio.channelData[0].length / audio.sampleRate).toFixed(2)} s -> ` +
      `${outPath} (${image.width} x ${image.height})`,
  );
  console.log('encoder config (store it with anything you train):', JSON.stringify(encoder.config));
} catch (error) {
  // @ifa errors carry a stable code (IFA_...) and a message that says what to fix: one line, exit 1.
  if (!String(error?.code).startsWith('IFA_')) throw error;
  console.error(`error: ${error.message}`);
  process.exit(1);
}
