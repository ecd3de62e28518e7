import { IfaTrainError } from '../../errors';

/** A report.json does not match the documented schema; the message names the first bad field. */
export class ReportSchemaError extends IfaTrainError {
  override readonly name = 'ReportSchemaError';
}
