import type { Argv } from 'yargs';
import { filterOptions, type FilterArgs } from './filter.js';
import { outputOptions, type OutputArgs } from './output.js';
import { reportToOptions, type ReportToArgs } from './report-to.js';
import { verifyOptions } from './verify.js';
import type { VerifyArgs } from '../../scan/verify-options.js';

export type CommonScanArgs = OutputArgs & FilterArgs & ReportToArgs & VerifyArgs;

/** The options every scanning command (scan, history, staged, pre-push) shares. */
export function commonScanOptions<T>(y: Argv<T>): Argv<T & CommonScanArgs> {
  return verifyOptions(reportToOptions(filterOptions(outputOptions(y))));
}
