import type { Argv } from 'yargs';
import type { ScanReport } from '../../report/index.js';
import type { CliIO } from '../io.js';

// `--report-to URL` (findings of the organization's issued keys, sent to the revocation webhook) plugs in here.
export type ReportToArgs = object;

export function reportToOptions<T>(y: Argv<T>): Argv<T & ReportToArgs> {
  return y as unknown as Argv<T & ReportToArgs>;
}

/** Sends what the run found to a revocation webhook, when asked to. */
export async function sendReport(_report: ScanReport, _args: ReportToArgs, _io: CliIO): Promise<void> {}
