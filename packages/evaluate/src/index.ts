export {
  type SpokenDigitBaseline,
  type SpokenDigitBaselineOptions,
  spokenDigitBaseline,
} from './audio-baseline';
export { renderConfusionMatrix } from './confusion-png';
export { JudgeError, ReportSchemaError } from './errors';
export {
  CONFUSION_FILE,
  type EvaluateOptions,
  evaluate,
  IMAGE_POOLS_FILE,
  type ImageScores,
  parseSplit,
  REPORT_FILE,
  scoreImages,
} from './evaluate';
export { formatReport } from './format';
export {
  accuracyOn,
  defaultJudgeCacheDir,
  fitClassifier,
  imageSetTensor,
  JUDGE_DEFAULTS,
  JUDGE_FORMAT,
  type Judge,
  type JudgeInfo,
  type JudgeOptions,
  type JudgeTrainingConfig,
  loadOrTrainJudge,
} from './judge';
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
} from './judge-data';
export { accuracyOf, confusionMatrix, frechetDistance, meanPairwiseL2, perClassAccuracy } from './metrics';
export { type EvaluationReport, REPORT_SCHEMA_VERSION, validateReport } from './schema';
