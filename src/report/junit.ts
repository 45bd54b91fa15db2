import type { Finding } from '../engine/index.js';
import { commitPhrase } from './summary.js';
import type { Reporter } from './types.js';

// Characters XML 1.0 cannot hold at all, even escaped: scanned paths may contain them.
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text escaped for an XML attribute or element body. */
export function xmlEscape(text: string): string {
  return text
    .replace(INVALID_XML, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\r/g, '&#13;')
    .replace(/\n/g, '&#10;');
}

const attrs = (pairs: Record<string, string | number>) =>
  Object.entries(pairs)
    .map(([k, v]) => ` ${k}="${xmlEscape(String(v))}"`)
    .join('');

function testcase(f: Finding): string {
  const name = `${f.ruleId} at ${f.line}:${f.column}`;
  const history = commitPhrase(f);
  const detail = [
    `${f.title} ${f.redacted}`,
    `${f.file}:${f.line}:${f.column}`,
    `${f.kind}, ${f.severity} severity, ${f.confidence} confidence`,
    f.reason,
    history,
    f.docs ? `rotate or revoke: ${f.docs}` : '',
  ].filter(Boolean);
  const head = `    <testcase${attrs({ name, classname: f.file, file: f.file, line: f.line, time: 0 })}>`;
  // A publishable key is information, not a failed check: it passes with its reason in system-out.
  const body =
    f.kind === 'secret'
      ? `      <failure${attrs({ message: `${f.title} ${f.redacted}`, type: f.ruleId })}>${xmlEscape(detail.join('\n'))}</failure>`
      : `      <system-out>${xmlEscape(detail.join('\n'))}</system-out>`;
  return `${head}\n${body}\n    </testcase>`;
}

/** `--format junit`: JUnit XML, one test suite per file and one test case per finding; secrets fail, publishable keys pass. */
export const junitReporter: Reporter = (report) => {
  const byFile = new Map<string, Finding[]>();
  for (const f of report.findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
  const seconds = (report.stats.durationMs / 1000).toFixed(3);
  const failures = report.findings.filter((f) => f.kind === 'secret').length;
  const suites: string[] = [];
  for (const [file, findings] of byFile) {
    const failed = findings.filter((f) => f.kind === 'secret').length;
    suites.push(
      `  <testsuite${attrs({ name: file, tests: findings.length, failures: failed, errors: 0, skipped: 0, time: 0 })}>\n${findings.map(testcase).join('\n')}\n  </testsuite>`,
    );
  }
  let tests = report.findings.length;
  if (suites.length === 0) {
    // A clean run still shows up as one passing check, so CI dashboards record that the scan ran.
    tests = 1;
    suites.push(
      `  <testsuite${attrs({ name: report.tool.name, tests: 1, failures: 0, errors: 0, skipped: 0, time: seconds })}>\n    <testcase${attrs({ name: `no secrets in ${report.stats.files} files`, classname: report.tool.name, time: seconds })}/>\n  </testsuite>`,
    );
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attrs({ name: `${report.tool.name} ${report.tool.version}`, tests, failures, errors: 0, time: seconds })}>`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
};
