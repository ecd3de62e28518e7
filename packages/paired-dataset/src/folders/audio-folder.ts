import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { decodeWav, toMono } from '@ifa/audio-features';
import { mapWithConcurrency } from '../concurrency';
import { EmptyDatasetError, InvalidAudioFilesError, type InvalidFile } from '../errors';
import type { LoadWarning, OnInvalid } from '../fsdd';
import { listClassFiles } from './class-folders';

export interface FolderAudioRecord {
  /** `<class>/<file name>`. */
  id: string;
  label: number;
  className: string;
  path: string;
  sampleRate: number;
  samples: Float32Array;
  sha256: string;
}

export interface AudioFolderSet {
  /** Class names, sorted; a record's label indexes this list. */
  classes: string[];
  records: FolderAudioRecord[];
}

export interface LoadFolderOptions {
  /** As in loadFsdd: `'throw'` (default) reports every bad file at once, `'skip'` warns and goes on. */
  onInvalid?: OnInvalid;
  onWarning?: (warning: LoadWarning) => void;
}

function defaultWarning(warning: LoadWarning): void {
  console.warn(`@ifa/paired-dataset: skipped ${warning.path}: ${warning.reason}`);
}

/** Loads `<dir>/<class>/*.wav`, decoded and mixed to mono. Any sample rate; the encoder resamples. */
export async function loadAudioFolder(dir: string, options: LoadFolderOptions = {}): Promise<AudioFolderSet> {
  const { classes, files } = await listClassFiles(dir, ['.wav', '.wave'], 'WAV');
  const invalid: InvalidFile[] = [];
  const loaded = await mapWithConcurrency(files, 16, async (file) => {
    try {
      const bytes = await readFile(file.path);
      const decoded = decodeWav(bytes);
      const samples = toMono(decoded);
      if (samples.length === 0) throw new Error('the recording holds no samples');
      const record: FolderAudioRecord = {
        ...file,
        sampleRate: decoded.sampleRate,
        samples,
        sha256: createHash('sha256').update(bytes).digest('hex'),
      };
      return record;
    } catch (error) {
      invalid.push({ path: file.path, reason: error instanceof Error ? error.message : String(error) });
      return undefined;
    }
  });
  invalid.sort((a, b) => (a.path < b.path ? -1 : 1));
  if (invalid.length > 0) {
    if ((options.onInvalid ?? 'throw') === 'throw') throw new InvalidAudioFilesError(invalid);
    for (const file of invalid) (options.onWarning ?? defaultWarning)(file);
  }
  const records = loaded.filter((record): record is FolderAudioRecord => record !== undefined);
  if (records.length === 0) throw new EmptyDatasetError(dir, 'at least one readable WAV file');
  return { classes, records };
}
