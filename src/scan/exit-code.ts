import type { Finding } from '../engine/index.js';
import type { FailOn, FailOnConfidence } from '../config/schema.js';
import { SCAN_DEFAULTS } from './defaults.js';
import { EXIT_CLEAN, EXIT_FINDINGS } from './io.js';

const CONFIDENCE_RANK: Readonly<Record<FailOnConfidence, number>> = { low: 0, medium: 1, high: 2 };

/** Whether a finding fails a run under `failOn`, counting only findings at or above `failOnConfidence`. */
export function failsOn(finding: Finding, failOn: FailOn, failOnConfidence: FailOnConfidence = SCAN_DEFAULTS.failOnConfidence): boolean {
  // A provider accepted it: live whatever its place, so confidence does not matter.
  if (failOn === 'verified') return finding.kind === 'secret' && finding.verification?.status === 'verified';
  // Low confidence (weak values, tests, documented examples) is reported, not failed on, unless asked.
  if (CONFIDENCE_RANK[finding.confidence] < CONFIDENCE_RANK[failOnConfidence]) return false;
  switch (failOn) {
    case 'publishable':
      return true;
    case 'critical':
      return finding.kind === 'secret' && finding.severity === 'critical';
    default:
      return finding.kind === 'secret';
  }
}

/** The exit code a run's findings call for under failOn (default: any secret) and failOnConfidence (default: medium): 0 clean, 1 findings. */
export function exitCodeFor(
  findings: readonly Finding[],
  failOn: FailOn = SCAN_DEFAULTS.failOn,
  failOnConfidence: FailOnConfidence = SCAN_DEFAULTS.failOnConfidence,
): typeof EXIT_CLEAN | typeof EXIT_FINDINGS {
  return findings.some((f) => failsOn(f, failOn, failOnConfidence)) ? EXIT_FINDINGS : EXIT_CLEAN;
}
