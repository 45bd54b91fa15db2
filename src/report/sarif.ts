import type { Log, PropertyBag, ReportingDescriptor, Result } from 'sarif';
import { SEVERITIES, type Finding, type Severity } from '../engine/index.js';
import { commitPhrase, verificationPhrase } from './summary.js';
import type { Reporter } from './types.js';

/**
 * GitHub code scanning reads `security-severity` (a CVSS-like score, as a string) from a
 * rule's properties: over 9 is critical, 7–8.9 high, 4–6.9 medium, under 4 low.
 */
export const SECURITY_SEVERITY: Readonly<Record<Severity, string>> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '0.5',
};

/** The partialFingerprints key: the finding's fingerprint (rule + secret hash) survives line moves, unlike a line hash. */
export const FINGERPRINT_KEY = 'keylint/secret/v1';

const SRCROOT = '%SRCROOT%';

/** A posix path as a relative URI reference: each segment percent-encoded (spaces, `#`, `%`, `<stdin>`). */
function toUri(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

function mostSevere(findings: readonly Finding[]): Severity {
  return SEVERITIES.find((s) => findings.some((f) => f.severity === s)) ?? 'info';
}

function describeRule(id: string, findings: readonly Finding[]): ReportingDescriptor {
  const first = findings[0]!;
  const secret = findings.some((f) => f.kind === 'secret');
  const what = secret ? 'a credential that grants access' : 'a publishable key, meant to ship to clients';
  const act = secret
    ? 'Revoke or rotate it at the provider, then remove it from the code and its history; a value that was pushed is compromised even after deletion.'
    : 'No action is needed unless the key is used where only a secret belongs; it is reported for inventory.';
  const docs = first.docs ? `\n\nWhere to rotate or revoke: ${first.docs}` : '';
  const properties: PropertyBag = {
    tags: ['security', 'secret-scanning', secret ? 'secret' : 'publishable', first.provider],
    'security-severity': SECURITY_SEVERITY[mostSevere(findings)],
    provider: first.provider,
  };
  return {
    id,
    name: id.replace(/(^|-)([a-z0-9])/g, (_m, _dash, c: string) => c.toUpperCase()),
    shortDescription: { text: first.title },
    fullDescription: { text: `${first.title}: ${what}.` },
    help: {
      text: `${first.title} (${first.provider}) is ${what}. ${act}${docs}`,
      markdown: `**${first.title}** (${first.provider}) is ${what}.\n\n${act}${first.docs ? `\n\n[Rotate or revoke](${first.docs})` : ''}`,
    },
    ...(first.docs && { helpUri: first.docs }),
    defaultConfiguration: { level: secret ? 'error' : 'note' },
    properties,
  };
}

function toResult(f: Finding, ruleIndex: number): Result {
  const history = commitPhrase(f);
  const properties: PropertyBag = {
    kind: f.kind,
    severity: f.severity,
    confidence: f.confidence,
    'security-severity': SECURITY_SEVERITY[f.severity],
    redacted: f.redacted,
    entropy: f.entropy,
    ...(f.commit !== undefined && { commit: f.commit, author: f.author, date: f.date, inHead: f.inHead }),
    ...(f.verification && { verification: f.verification.status, ...(f.verification.detail !== undefined && { verificationDetail: f.verification.detail }) }),
  };
  return {
    ruleId: f.ruleId,
    ruleIndex,
    level: f.kind === 'secret' ? 'error' : 'note',
    kind: 'fail',
    message: { text: `${f.title} ${f.redacted}: ${f.reason}${history ? ` (${history})` : ''}${verificationPhrase(f) ? `. ${verificationPhrase(f)}` : ''}` },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: toUri(f.file), uriBaseId: SRCROOT },
          // Finding columns are 1-based UTF-16 units with an exclusive end: exactly SARIF's default columnKind.
          region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
        },
      },
    ],
    partialFingerprints: { [FINGERPRINT_KEY]: f.fingerprint },
    properties,
  };
}

/** `--format sarif`: SARIF 2.1.0 for GitHub code scanning and other SARIF readers; every finding, publishable ones at level `note`. */
export const sarifReporter: Reporter = (report) => {
  const byRule = new Map<string, Finding[]>();
  for (const f of report.findings) byRule.set(f.ruleId, [...(byRule.get(f.ruleId) ?? []), f]);
  const ids = [...byRule.keys()].sort();
  const index = new Map(ids.map((id, i) => [id, i]));
  const log: Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: report.tool.name,
            version: report.tool.version,
            semanticVersion: report.tool.version,
            informationUri: 'https://www.npmjs.com/package/keylint',
            rules: ids.map((id) => describeRule(id, byRule.get(id)!)),
          },
        },
        invocations: [{ executionSuccessful: true }],
        columnKind: 'utf16CodeUnits',
        results: report.findings.map((f) => toResult(f, index.get(f.ruleId)!)),
        properties: {
          files: report.stats.files,
          bytes: report.stats.bytes,
          durationMs: report.stats.durationMs,
          rules: report.stats.rules,
          suppressed: report.stats.suppressed,
        },
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
};
