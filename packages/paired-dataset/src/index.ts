/**
 * @ifa/paired-dataset: MNIST x FSDD (and your own class folders) as verified, reproducible paired
 * audio/image datasets. Download (`downloadDatasets`) or find (`resolveDataDir`, `sampleDataDir`) the
 * data, load pairs (`loadDigitPairs`, `loadFolderPairs`) and iterate seeded batches (`PairedDataset`);
 * the loaders, splits and pairing underneath are public too.
 */

export {
  augmentSpectrograms,
  DEFAULT_AUGMENTATION,
  resolveAugmentation,
  type SpectrogramAugmentation,
} from './augment';
export { type ResolveDataDirOptions, resolveDataDir } from './data-dir';
export {
  type DigitPairs,
  type ImagePoolPolicy,
  type ImagePools,
  type LoadDigitPairsOptions,
  loadDigitPairs,
  type SpeakerNormalisation,
} from './digits';
export {
  type DatasetChecksums,
  type DatasetName,
  type DatasetSources,
  type DownloadDatasetsOptions,
  type DownloadOutcome,
  type DownloadProgress,
  type DownloadResult,
  downloadDatasets,
} from './download';
export {
  ChecksumMismatchError,
  DatasetNotFoundError,
  DownloadError,
  EmptyDatasetError,
  IdxFormatError,
  IfaError,
  IncompleteArchiveError,
  InvalidAudioFilesError,
  type InvalidFile,
  InvalidImageFilesError,
  InvalidOptionError,
  OutputNotEmptyError,
  PAIRS_FOLDER_LAYOUT,
  PairsFolderLayoutError,
  UnmatchedClassError,
  UnpairableLabelError,
  UnsafeArchiveEntryError,
} from './errors';
export {
  type AudioFolderSet,
  type FolderAudioRecord,
  type FolderPairs,
  type ImageFolderSet,
  type LoadFolderOptions,
  type LoadFolderPairsOptions,
  type LoadImageFolderOptions,
  loadAudioFolder,
  loadFolderPairs,
  loadImageFolder,
  pairByClassName,
} from './folders';
export {
  type AudioRecord,
  FSDD_SPEAKERS,
  type LoadFsddOptions,
  type LoadWarning,
  loadFsdd,
  type OnInvalid,
} from './fsdd';
export { type ImageSet, type LoadMnistOptions, loadMnist, type MnistSplit } from './mnist';
export {
  type BatchOptions,
  batchToTensors,
  type PairedBatch,
  PairedDataset,
  type PairedDatasetInit,
  type TensorBatch,
  type TensorFactory,
  type ToTensorsOptions,
} from './paired-dataset';
export {
  type LabelPairing,
  type LabelSource,
  type PairByLabelOptions,
  type PairingStrategy,
  pairByLabel,
} from './pairing';
export {
  type LoadPairsFolderOptions,
  loadPairsFolder,
  type PairsFolder,
  type PairsFolderRecord,
} from './pairs-folder';
export {
  type ClassSpread,
  type ReconstructionFloor,
  type ReconstructionFloorOptions,
  reconstructionFloor,
} from './reconstruction-floor';
export { sampleDataDir } from './sample';
export {
  type MakeSoundscapesOptions,
  makeSoundscapes,
  SOUNDSCAPE_CLASSES,
  type SoundscapeClass,
  type SoundscapesSummary,
} from './soundscapes';
export {
  type EncodableRecord,
  type EncodedAudioSet,
  type EncodeProgress,
  SpectrogramCache,
  type SpectrogramCacheOptions,
  type SpectrogramEncoderLike,
} from './spectrogram-cache';
export {
  type FractionSplitOptions,
  type FsddSplitScheme,
  formatFsddSplit,
  parseFsddSplit,
  type Split,
  splitFsdd,
  splitStratified,
} from './split';
export {
  type FileStatus,
  type FsddReport,
  type MnistFileReport,
  type VerifyOptions,
  type VerifyReport,
  verifyDatasets,
} from './verify';
