import { normaliseBandsByGroup } from '@ifa/audio-features';
import type { SpeakerNormalisationRecord } from '@ifa/models';
import type { EncodedAudioSet } from '@ifa/paired-dataset';

/**
 * The test spectrograms as a model trained with speaker normalisation expects them: each voice mapped to
 * the model's reference band statistics from its own recordings' statistics (unlabelled: what a
 * calibration with those recordings would give). A copy; the cache keeps the plain spectrograms.
 */
export function withSpeakerNormalisation(
  encoded: EncodedAudioSet,
  records: readonly { speaker: string }[],
  normalisation: SpeakerNormalisationRecord | undefined,
  say: (message: string) => void,
): EncodedAudioSet {
  if (normalisation === undefined) return encoded;
  const data = Float32Array.from(encoded.data);
  const speakers = records.map((r) => r.speaker);
  normaliseBandsByGroup({ data, height: encoded.height, width: encoded.width }, speakers, {
    means: normalisation.referenceBandMeans,
    stds: normalisation.referenceBandStds,
  });
  say(
    `normalising each of the ${new Set(speakers).size} test voices by its own recordings (the model was trained with speaker normalisation)`,
  );
  return { ...encoded, data };
}
