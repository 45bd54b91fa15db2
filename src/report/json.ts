import type { Finding } from '../engine/index.js';
import type { Reporter } from './types.js';

// The JSON contract other tools read: field names and order are fixed; `decoded` says which
// encodings hid the value; history adds commit, author, email, date and inHead when known.
function toJson(f: Finding) {
  return {
    ruleId: f.ruleId,
    provider: f.provider,
    kind: f.kind,
    severity: f.severity,
    confidence: f.confidence,
    file: f.file,
    line: f.line,
    column: f.column,
    endColumn: f.endColumn,
    fingerprint: f.fingerprint,
    redacted: f.redacted,
    entropy: f.entropy,
    reason: f.reason,
    ...(f.decoded !== undefined && { decoded: f.decoded }),
    ...(f.commit !== undefined && { commit: f.commit, author: f.author, email: f.email, date: f.date, inHead: f.inHead }),
    ...(f.verification && { verification: { status: f.verification.status, ...(f.verification.detail !== undefined && { detail: f.verification.detail }) } }),
  };
}

/** `--format json`: every finding, publishable ones included (their `kind` says so). */
export const jsonReporter: Reporter = (report) =>
  JSON.stringify(
    {
      version: 1,
      findings: report.findings.map(toJson),
      stats: {
        files: report.stats.files,
        bytes: report.stats.bytes,
        durationMs: report.stats.durationMs,
        rules: report.stats.rules,
        skipped: report.stats.skipped,
      },
    },
    null,
    2,
  ) + '\n';
