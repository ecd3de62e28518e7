import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeWav, toMono } from '@ifa/audio-features';
import { pathExists } from '@ifa/core/node';
import { mapWithConcurrency } from '../concurrency';
import {
  DatasetNotFoundError,
  EmptyDatasetError,
  InvalidAudioFilesError,
  type InvalidFile,
  InvalidOptionError,
} from '../errors';
import { parseFsddFileName } from './file-name';

export { type FsddFileName, parseFsddFileName } from './file-name';

/** One decoded recording, mixed to mono. */
export interface AudioRecord {
  /** File name without extension, e.g. `7_jackson_32`. Unique within a dataset. */
  id: string;
  label: number;
  speaker: string;
  take: number;
  sampleRate: number;
  samples: Float32Array;
  /** sha256 (hex) of the file's bytes: identifies the recording in checksums and spectrogram caches. */
  sha256: string;
}

export type OnInvalid = 'throw' | 'skip';

export interface LoadWarning {
  path: string;
  reason: string;
}

export interface LoadFsddOptions {
  /** The data root holding `fsdd/recordings/`, or `fsdd/`, or the recordings folder itself. */
  dir: string;
  /**
   * `'throw'` (default): read every file, then throw one InvalidAudioFilesError naming all bad ones.
   * `'skip'`: leave bad files out and report each through `onWarning`.
   */
  onInvalid?: OnInvalid;
  /** Receives one call per skipped file. Defaults to `console.warn`. */
  onWarning?: (warning: LoadWarning) => void;
  /** Files read at the same time. */
  concurrency?: number;
}

/** The speakers of FSDD v1.0.10, for held-out-speaker splits. */
export const FSDD_SPEAKERS = ['george', 'jackson', 'lucas', 'nicolas', 'theo', 'yweweler'] as const;

export async function resolveFsddRecordingsDir(dir: string): Promise<string> {
  for (const candidate of [join(dir, 'fsdd', 'recordings'), join(dir, 'recordings')]) {
    if (await pathExists(candidate)) return candidate;
  }
  if (await pathExists(dir)) return dir;
  throw new DatasetNotFoundError(
    dir,
    'Pass the data folder holding fsdd/recordings/ (see resolveDataDir), or call downloadDatasets() first.',
  );
}

/** Sort key that makes record order independent of the file system's directory order. */
export function compareRecords(a: AudioRecord, b: AudioRecord): number {
  return a.label - b.label || (a.speaker < b.speaker ? -1 : a.speaker > b.speaker ? 1 : 0) || a.take - b.take;
}

function defaultWarning(warning: LoadWarning): void {
  console.warn(`@ifa/paired-dataset: skipped ${warning.path}: ${warning.reason}`);
}

/**
 * Loads every `{digit}_{speaker}_{take}.wav` recording of the Free Spoken Digit Dataset, decoded with
 * @ifa/audio-features and mixed to mono. Records come back sorted by (label, speaker, take).
 */
export async function loadFsdd(options: LoadFsddOptions): Promise<AudioRecord[]> {
  const onInvalid = options.onInvalid ?? 'throw';
  if (onInvalid !== 'throw' && onInvalid !== 'skip') {
    throw new InvalidOptionError({ option: 'onInvalid', value: onInvalid, expected: "'throw' or 'skip'" });
  }
  const onWarning = options.onWarning ?? defaultWarning;
  const concurrency = options.concurrency ?? 32;
  const recordingsDir = await resolveFsddRecordingsDir(options.dir);
  const wavNames = (await readdir(recordingsDir))
    .filter((name) => name.toLowerCase().endsWith('.wav'))
    .sort();
  if (wavNames.length === 0) {
    throw new EmptyDatasetError(recordingsDir, 'FSDD recordings named {digit}_{speaker}_{take}.wav');
  }

  const invalid: InvalidFile[] = [];
  const loaded = await mapWithConcurrency(wavNames, concurrency, async (fileName) => {
    const path = join(recordingsDir, fileName);
    const parsed = parseFsddFileName(fileName);
    if (!parsed) {
      invalid.push({ path, reason: 'name is not {digit}_{speaker}_{take}.wav' });
      return undefined;
    }
    try {
      const bytes = await readFile(path);
      const decoded = decodeWav(bytes);
      const samples = toMono(decoded);
      if (samples.length === 0) throw new Error('the recording holds no samples');
      const record: AudioRecord = {
        id: fileName.slice(0, -'.wav'.length),
        ...parsed,
        sampleRate: decoded.sampleRate,
        samples,
        sha256: createHash('sha256').update(bytes).digest('hex'),
      };
      return record;
    } catch (error) {
      invalid.push({ path, reason: error instanceof Error ? error.message : String(error) });
      return undefined;
    }
  });

  invalid.sort((a, b) => (a.path < b.path ? -1 : 1));
  if (invalid.length > 0) {
    if (onInvalid === 'throw') throw new InvalidAudioFilesError(invalid);
    for (const file of invalid) onWarning(file);
  }
  const records = loaded.filter((record): record is AudioRecord => record !== undefined);
  if (records.length === 0) {
    throw new EmptyDatasetError(recordingsDir, 'at least one readable FSDD recording');
  }
  return records.sort(compareRecords);
}
