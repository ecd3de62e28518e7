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
export { accuracyOf, confusionMatrix, frechetDistance, meanPairwiseL2, perClassAccuracy } from './metrics';
export { type EvaluationReport, REPORT_SCHEMA_VERSION, validateReport } from './schema';
