import { SEVERITIES, type Finding } from '../engine/index.js';
import { summaryLine } from './text.js';
import { byUrgency, countFindings, verificationPhrase } from './summary.js';
import type { Reporter } from './types.js';

/** Rows in the findings table: GitHub caps a step summary at 1 MiB, and a long table helps nobody. */
export const MAX_ROWS = 200;

/** Text for a table cell: HTML-escaped (GitHub renders inline HTML), pipes and newlines neutralized. */
function cell(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '&#124;')
    .replace(/[\\`*_[\]~#]/g, (c) => `&#${c.charCodeAt(0)};`)
    .replace(/\r?\n|\r/g, ' ');
}

const code = (text: string) => `<code>${cell(text)}</code>`;

function row(f: Finding): string {
  const where = code(`${f.file}:${f.line}:${f.column}`);
  const kind = f.kind === 'secret' ? `${f.severity} secret` : 'publishable';
  const commit = f.commit ? `${code(f.commit.slice(0, 8))}${f.author ? ` ${cell(f.author)}` : ''}${f.inHead === false ? ' (history only)' : ''}` : '';
  const rule = f.docs ? `[${cell(f.ruleId)}](${encodeURI(f.docs).replace(/[()]/g, (c) => (c === '(' ? '%28' : '%29'))})` : cell(f.ruleId);
  const verified = verificationPhrase(f);
  return `| ${where} | ${kind} | ${rule} | ${code(f.redacted)} | ${commit} | ${cell(verified ? `${f.reason} (${verified})` : f.reason)} |`;
}

/** `--format markdown`: a summary for $GITHUB_STEP_SUMMARY or a PR comment: counts by kind and severity, then a table of findings. */
export const markdownReporter: Reporter = (report) => {
  const counts = countFindings(report.findings);
  const secrets = report.findings.filter((f) => f.kind === 'secret').length;
  const out: string[] = [];
  out.push(`## ${secrets ? '🔴' : '🟢'} ${report.tool.name}: ${cell(summaryLine(report))}`, '');
  out.push(`| | ${SEVERITIES.join(' | ')} | total |`, `| --- | ${SEVERITIES.map(() => '---:').join(' | ')} | ---: |`);
  for (const kind of ['secret', 'publishable'] as const) {
    const total = SEVERITIES.reduce((n, s) => n + counts[kind][s], 0);
    out.push(`| ${kind === 'secret' ? 'secrets' : 'publishable keys'} | ${SEVERITIES.map((s) => counts[kind][s]).join(' | ')} | ${total} |`);
  }
  out.push('');
  if (report.findings.length) {
    const sorted = [...report.findings].sort(byUrgency);
    out.push('| where | kind | rule | value | commit | why |', '| --- | --- | --- | --- | --- | --- |');
    out.push(...sorted.slice(0, MAX_ROWS).map(row));
    if (sorted.length > MAX_ROWS) out.push('', `…and ${sorted.length - MAX_ROWS} more; the SARIF or JSON report lists every finding.`);
    out.push('');
  }
  if (secrets)
    out.push(
      'Values are redacted. Revoke or rotate each secret at its provider (the rule links say where): removing it from the code does not undo a push.',
      '',
    );
  return out.join('\n');
};
