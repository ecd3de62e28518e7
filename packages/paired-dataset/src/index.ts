export {
  FSDD_VERSION,
  formatSha256Sums,
  fsddChecksumsPath,
  type HashAlgorithm,
  hashFile,
  loadFsddChecksums,
  MNIST_MD5,
  parseSha256Sums,
} from './checksums';
export {
  type DataDirSource,
  type ResolveDataDirOptions,
  resolveDataDir,
  resolveDataDirWithSource,
} from './data-dir';
export {
  type DigitPairs,
  type ImagePoolPolicy,
  type ImagePools,
  type LoadDigitPairsOptions,
  loadDigitPairs,
  loadMnistPools,
} from './digits';
export {
  type DatasetChecksums,
  type DatasetName,
  type DatasetSources,
  DEFAULT_SOURCES,
  type DownloadDatasetsOptions,
  type DownloadFileOptions,
  type DownloadOutcome,
  type DownloadProgress,
  type DownloadResult,
  downloadDatasets,
  downloadFile,
  type ExpectedHash,
  type ExtractProgress,
  type ExtractRecordingsOptions,
  escapesTarget,
  extractRecordings,
  type TransferProgress,
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
  UnpairableLabelError,
  UnsafeArchiveEntryError,
} from './errors';
export {
  type AudioFolderSet,
  audioLabelsByClassName,
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
  type FsddFileName,
  type LoadFsddOptions,
  type LoadWarning,
  loadFsdd,
  type OnInvalid,
  parseFsddFileName,
} from './fsdd';
export {
  type GeneratorDigitPairsOptions,
  JUDGE_HELD_OUT_FRACTION,
  JUDGE_MAX_TRAIN_IMAGES,
  JUDGE_POOL_SEED,
  JUDGE_T10K_FRACTION,
  type JudgeImagePolicy,
  type JudgeImages,
  loadGeneratorDigitPairs,
  loadJudgeImages,
  splitT10kForJudge,
} from './judge-pools';
export {
  type ImageSet,
  type LoadMnistOptions,
  loadMnist,
  MNIST_FILES,
  type MnistSplit,
  parseIdx,
} from './mnist';
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
export { sampleDataDir } from './sample';
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
  FSDD_STANDARD_TEST_TAKES,
  type FsddSplitScheme,
  type ImageSubset,
  type Split,
  selectImages,
  splitFsdd,
  splitImageSet,
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
