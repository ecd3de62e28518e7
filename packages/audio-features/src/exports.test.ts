import { describe, expect, it } from 'vitest';

// The runtime names each entry point exports. A change to one of these lists is a deliberate API
// decision covered by semver (see README, "Public surface"; there is no `./internal`).
describe('@ifa/audio-features exports', () => {
  it('@ifa/audio-features', async () => {
    expect(Object.keys(await import('./index')).sort()).toEqual([
      'AudioFileError',
      'AudioTooLongError',
      'DEFAULT_MAX_DURATION_SECONDS',
      'DEFAULT_SPECTROGRAM_ENCODER_CONFIG',
      'EmptyAudioError',
      'GENERAL_SOUND_ENCODER_CONFIG',
      'IfaError',
      'InvalidOptionError',
      'InvalidSignalError',
      'SILENCE_PEAK',
      'SilentAudioError',
      'SpectrogramEncoder',
      'WavFormatError',
      'bandStatistics',
      'cropWindows',
      'decodeWav',
      'loadWasmFft',
      'melSpectrogram',
      'normaliseBands',
      'normaliseBandsByGroup',
      'powerToDb',
      'resample',
      'toMono',
      'windowStarts',
    ]);
  });

  it('@ifa/audio-features/node', async () => {
    expect(Object.keys(await import('./node/index')).sort()).toEqual([
      'encodePng',
      'encodeSpectrogramPng',
      'readAudioFile',
      'writeSpectrogramPng',
    ]);
  });
});
