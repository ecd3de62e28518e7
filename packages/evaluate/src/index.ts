/**
 * @ifa/evaluate: judges a trained @ifa model. `evaluate()` scores a run or model folder on held-out
 * recordings with a digit classifier (the judge, from `loadOrTrainJudge`, cached) and writes report.json
 * and confusion.png; `validateReport` checks a report file and `formatReport` prints it as a table.
 */
export { JudgeError, ReportSchemaError } from './errors';
export { CONFUSION_FILE, type EvaluateOptions, evaluate, REPORT_FILE } from './evaluate';
export { formatReport } from './format';
export {
  type Judge,
  type JudgeInfo,
  type JudgeOptions,
  type JudgeTrainingConfig,
  loadOrTrainJudge,
} from './judge';
export { type EvaluationReport, REPORT_SCHEMA_VERSION, validateReport } from './schema';
