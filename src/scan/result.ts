import type { FailOn } from '../config/schema.js';
import type { ScanReport } from '../report/index.js';
import { exitCodeFor } from './exit-code.js';
import type { ScanSetup } from './setup.js';

/** A scan's report plus the verdict: what it failed on and the exit code the CLI would return. */
export interface ScanResult extends ScanReport {
  /** The failOn in force: the caller's, else the config's, else `secret`. */
  failOn: FailOn;
  /** 0 when no finding meets failOn, 1 when one does. */
  exitCode: 0 | 1;
}

/** The report with its verdict under the setup's failOn. */
export function resultOf(report: ScanReport, setup: ScanSetup): ScanResult {
  const { failOn } = setup.options;
  return { ...report, failOn, exitCode: exitCodeFor(report.findings, failOn) };
}
