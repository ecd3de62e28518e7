/**
 * @ifa/evaluate: judges a trained @ifa model. `evaluate()` scores a run or model folder on held-out
 * recordings with a digit classifier (the judge, from `loadOrTrainJudge`, cached) and writes report.json
 * and confusion.png; `loadOrTrainClassJudge` trains (and caches) the same judge for any classes of
 * pictures, grey or colour; `validateReport` checks a report file and `formatReport` prints it as a table.
 */
export { JudgeError, ReportSchemaError } from './errors';
export {
  CONFUSION_FILE,
  type EvaluateOptions,
  evaluate,
  evaluateGenerator,
  type GeneratorEvaluationOptions,
  loadRunPairs,
  type PairsLoader,
  type PairsTestData,
  REPORT_FILE,
  type RunPairs,
  type TestSpectrograms,
} from './evaluate';
export { formatReport } from './format';
export {
  type ClassImageSet,
  type ClassJudgeOptions,
  classJudgeDefaults,
  type Judge,
  type JudgeImageSource,
  type JudgeInfo,
  type JudgeOptions,
  type JudgeTrainingConfig,
  loadOrTrainClassJudge,
  loadOrTrainJudge,
} from './judge';
export { type EvaluationReport, REPORT_SCHEMA_VERSION, validateReport } from './schema';
