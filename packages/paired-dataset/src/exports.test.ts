import { describe, expect, it } from 'vitest';

// The runtime names each entry point exports. A change to one of these lists is a deliberate API
// decision: `.` is covered by semver, `./internal` is not (see README, "Public surface").
describe('@ifa/paired-dataset exports', () => {
  it('@ifa/paired-dataset', async () => {
    expect(Object.keys(await import('./index')).sort()).toEqual([
      'ChecksumMismatchError',
      'DEFAULT_AUGMENTATION',
      'DatasetNotFoundError',
      'DownloadError',
      'EmptyDatasetError',
      'FSDD_SPEAKERS',
      'IdxFormatError',
      'IfaError',
      'IncompleteArchiveError',
      'InvalidAudioFilesError',
      'InvalidImageFilesError',
      'InvalidOptionError',
      'OutputNotEmptyError',
      'PAIRS_FOLDER_LAYOUT',
      'PairedDataset',
      'PairsFolderLayoutError',
      'SOUNDSCAPE_CLASSES',
      'SpectrogramCache',
      'UnmatchedClassError',
      'UnpairableLabelError',
      'UnsafeArchiveEntryError',
      'augmentSpectrograms',
      'batchToTensors',
      'downloadDatasets',
      'formatFsddSplit',
      'loadAudioFolder',
      'loadDigitPairs',
      'loadFolderPairs',
      'loadFsdd',
      'loadImageFolder',
      'loadMnist',
      'loadPairsFolder',
      'makeSoundscapes',
      'pairByClassName',
      'pairByLabel',
      'parseFsddSplit',
      'reconstructionFloor',
      'resolveAugmentation',
      'resolveDataDir',
      'sampleDataDir',
      'splitFsdd',
      'splitStratified',
      'verifyDatasets',
    ]);
  });

  it('@ifa/paired-dataset/internal', async () => {
    expect(Object.keys(await import('./internal/index')).sort()).toEqual([
      'loadGeneratorDigitPairs',
      'loadJudgeImages',
      'resolveDataDirWithSource',
    ]);
  });
});
