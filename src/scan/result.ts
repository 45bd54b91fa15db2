import type { FailOn, FailOnConfidence } from '../config/schema.js';
import type { ScanReport } from '../report/index.js';
import { exitCodeFor } from './exit-code.js';
import type { ScanOptions } from './options.js';
import type { ScanSetup } from './setup.js';

/** A scan's report plus the verdict: what it failed on and the exit code the CLI would return. */
export interface ScanResult extends ScanReport {
  /** The failOn in force: the caller's, else the config's, else `secret`. */
  failOn: FailOn;
  /** The lowest confidence that counted toward the exit code. */
  failOnConfidence: FailOnConfidence;
  /** 0 when no finding meets failOn, 1 when one does. */
  exitCode: 0 | 1;
}

/** The report with its verdict under the setup's failOn. */
export function resultOf(report: ScanReport, setup: ScanSetup): ScanResult {
  const { failOn, failOnConfidence } = setup.options;
  return { ...report, failOn, failOnConfidence, exitCode: exitCodeFor(report.findings, failOn, failOnConfidence) };
}

/** Whether a scan verifies: `--verify` / `--only-verified`, or the config's [verify] table (never by default). */
function wantsVerification(options: ScanOptions, setup: ScanSetup): boolean {
  const v = options.verify;
  if (v?.verify === false) return false;
  return Boolean(v?.verify || v?.onlyVerified || setup.config.verify?.enabled || setup.config.verify?.onlyVerified);
}

/**
 * The last step of every scan, after findings are collected: verification when asked for
 * (loaded only then: a hook that does not verify never pays for it), then the verdict.
 */
export async function finishScan(report: ScanReport, setup: ScanSetup, options: ScanOptions, root: string): Promise<ScanResult> {
  if (wantsVerification(options, setup)) {
    const { verifyReport, verifySettings } = await import('./verify.js');
    const settings = verifySettings(options.verify ?? {}, setup.config, options.verify?.cacheDir);
    await verifyReport(report, settings, { root, log: options.verify?.log ?? (() => {}) });
  }
  return resultOf(report, setup);
}
