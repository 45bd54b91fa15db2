import { styleText } from 'node:util';
import type { Finding, Severity, VerificationStatus } from '../engine/index.js';
import { printable } from './printable.js';
import { verificationPhrase } from './summary.js';
import type { Reporter, ScanReport } from './types.js';

type Style = Parameters<typeof styleText>[0];

const SEVERITY_STYLE: Record<Severity, Style> = {
  critical: ['bold', 'red'],
  high: 'red',
  medium: 'yellow',
  low: 'blue',
  info: 'cyan',
};

const VERIFICATION_STYLE: Record<VerificationStatus, Style> = {
  verified: ['bold', 'red'],
  invalid: 'green',
  unknown: 'dim',
  error: 'yellow',
};

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 ** 2).toFixed(1)} MB`;
}

function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** The closing line: what was found, what was scanned, what was passed over. */
export function summaryLine(report: ScanReport): string {
  const secrets = report.findings.filter((f) => f.kind === 'secret');
  const critical = secrets.filter((f) => f.severity === 'critical').length;
  const publishable = report.findings.length - secrets.length;
  const { files, bytes, durationMs, skipped, suppressed } = report.stats;
  const live = secrets.filter((f) => f.verification?.status === 'verified').length;
  const notes = [critical && `${critical} critical`, live && `${live} verified live`].filter(Boolean);
  const parts = [`${plural(secrets.length, 'secret')}${notes.length ? ` (${notes.join(', ')})` : ''}`, plural(publishable, 'publishable key')];
  let line = `${parts.join(', ')} in ${plural(files, 'file')} (${formatBytes(bytes)}, ${durationMs} ms)`;
  const passed = [
    skipped.binary && `${skipped.binary} binary`,
    skipped.tooLarge && `${skipped.tooLarge} too large`,
    skipped.unreadable && `${skipped.unreadable} unreadable`,
    skipped.symlinks && `${plural(skipped.symlinks, 'symlink')}`,
    skipped.special && `${skipped.special} special (FIFO, socket, device)`,
    skipped.regexTimeouts && `${plural(skipped.regexTimeouts, 'slow rule match')}`,
  ].filter(Boolean);
  if (passed.length) line += `; skipped ${passed.join(', ')}`;
  if (suppressed) line += `; ${suppressed} ignored`;
  return line;
}

/** `--format text`: findings grouped by file, redacted, with the reason to act on. */
export const textReporter: Reporter = (report, { color, showPublishable }) => {
  const paint = (style: Style, s: string) => (color ? styleText(style, s) : s);
  const shown = report.findings.filter((f) => showPublishable || f.kind === 'secret');
  const byFile = new Map<string, Finding[]>();
  for (const f of shown) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
  const out: string[] = [];
  for (const [file, findings] of byFile) {
    out.push(paint('underline', printable(file)));
    for (const f of findings) {
      // At least one space after the position, however long it is (column 209000024 on a minified line).
      const where = `${f.line}:${f.column} `.padEnd(8);
      const label = f.kind === 'secret' ? f.severity : 'publishable';
      const commit = f.commit ? ` ${paint('dim', `${f.commit.slice(0, 8)} ${printable(f.author ?? '')}${f.inHead === false ? ' (history only)' : ''}`)}` : '';
      out.push(`  ${where}${paint(SEVERITY_STYLE[f.severity], label.padEnd(11))} ${f.title}  ${paint('bold', printable(f.redacted))}${commit}`);
      out.push(`  ${' '.repeat(8)}${paint('dim', `${f.ruleId}: ${printable(f.reason)}`)}`);
      const verified = verificationPhrase(f);
      if (verified) out.push(`  ${' '.repeat(8)}${paint(VERIFICATION_STYLE[f.verification!.status], printable(verified))}`);
    }
    out.push('');
  }
  const hidden = report.findings.length - shown.length;
  let summary = summaryLine(report);
  if (hidden) summary += ` (${hidden} publishable hidden; --show-publishable lists them)`;
  out.push(paint(report.findings.some((f) => f.kind === 'secret') ? ['bold', 'red'] : 'green', summary));
  return out.join('\n') + '\n';
};
