export { IfaError, InvalidOptionError } from '@ifa/core';
export { ChecksumMismatchError } from './checksum-mismatch-error';
export { DatasetNotFoundError } from './dataset-not-found-error';
export { DownloadError } from './download-error';
export { EmptyDatasetError } from './empty-dataset-error';
export { IdxFormatError } from './idx-format-error';
export { IncompleteArchiveError } from './incomplete-archive-error';
export { InvalidAudioFilesError, type InvalidFile } from './invalid-audio-files-error';
export { InvalidImageFilesError } from './invalid-image-files-error';
export { OutputNotEmptyError } from './output-not-empty-error';
export {
  PAIRS_FOLDER_LAYOUT,
  PairsFolderLayoutError,
  UnmatchedClassError,
} from './pairs-folder-layout-error';
export { UnpairableLabelError } from './unpairable-label-error';
export { UnsafeArchiveEntryError } from './unsafe-archive-entry-error';
