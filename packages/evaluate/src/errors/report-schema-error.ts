import { IfaError } from '@ifa/core';

/** A report.json does not match the documented schema; the message names the first bad field. */
export class ReportSchemaError extends IfaError {
  static readonly code = 'IFA_REPORT_SCHEMA';
  override readonly name = 'ReportSchemaError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(ReportSchemaError.code, message, options);
  }

  static override isInstance(error: unknown): error is ReportSchemaError {
    return IfaError.hasCode(error, ReportSchemaError.code);
  }
}
