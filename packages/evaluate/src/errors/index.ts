export { JudgeError } from './judge-error';
export { ReportSchemaError } from './report-schema-error';
