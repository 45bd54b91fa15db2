import type { Finding } from '../engine/index.js';
import type { FailOn } from '../config/schema.js';
import { SCAN_DEFAULTS } from './defaults.js';
import { EXIT_CLEAN, EXIT_FINDINGS } from './io.js';

/** Whether a finding fails a run under `failOn`. */
export function failsOn(finding: Finding, failOn: FailOn): boolean {
  switch (failOn) {
    case 'publishable':
      return true;
    case 'critical':
      return finding.kind === 'secret' && finding.severity === 'critical';
    case 'verified':
      return finding.kind === 'secret' && finding.verification?.status === 'verified';
    default:
      return finding.kind === 'secret';
  }
}

/** The exit code a run's findings call for under failOn (default: any secret): 0 clean, 1 findings. */
export function exitCodeFor(findings: readonly Finding[], failOn: FailOn = SCAN_DEFAULTS.failOn): typeof EXIT_CLEAN | typeof EXIT_FINDINGS {
  return findings.some((f) => failsOn(f, failOn)) ? EXIT_FINDINGS : EXIT_CLEAN;
}
